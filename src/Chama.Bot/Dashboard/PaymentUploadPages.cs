using System.Globalization;
using Chama.Conversations.Commands.Recording;
using Chama.Core;
using Chama.Core.Text;
using Chama.Data.Recording;
using CsvHelper;
using CsvHelper.Configuration;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Payments uploaded as a CSV file (CsvHelper): read, then previewed row by row (the member each credits, the round it
/// goes to, already recorded, or refused and why) before anything is written; the confirm commits every row in one
/// transaction or none. The preview carries the rows it showed, cash references made, so the confirm records exactly
/// what the officer saw.
/// </summary>
public static class PaymentUploadPages
{
    public const string Path = "payments/upload";

    /// <summary>A meeting's or a month's payments, not a ledger's history.</summary>
    public const int MaxRows = 500;

    private const long MaxBytes = 256 * 1024;

    private static readonly CsvConfiguration Reading = new(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
        HeaderValidated = null,
        MissingFieldFound = null,
        TrimOptions = TrimOptions.Trim,
        DetectDelimiter = true,
    };

    private static readonly CsvConfiguration Writing = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static RouteGroupBuilder MapPaymentUpload(this RouteGroupBuilder chama)
    {
        chama.MapGet($"/{Path}", (HttpContext http, [AsParameters] PaymentPages.Sources sources) => PageAsync(http, sources, Markup.Empty, null, null));
        chama.MapPost($"/{Path}", PreviewAsync);
        chama.MapPost($"/{Path}/confirm", ConfirmAsync);
        return chama;
    }

    /// <summary>One row as the file gives it; every column but Seat, Amount and Reference may be left out.</summary>
    public sealed class UploadRow
    {
        public string Seat { get; set; } = "";
        public string Amount { get; set; } = "";
        public string Reference { get; set; } = "";
        public string Fund { get; set; } = "";
        public string Note { get; set; } = "";
        public string Currency { get; set; } = "";
        public string Rate { get; set; } = "";
    }

    private sealed class UploadRowMap : ClassMap<UploadRow>
    {
        public UploadRowMap()
        {
            Map(r => r.Seat).Name("seat");
            Map(r => r.Amount).Name("amount");
            Map(r => r.Reference).Name("reference");
            Map(r => r.Fund).Name("fund").Optional();
            Map(r => r.Note).Name("note").Optional();
            Map(r => r.Currency).Name("currency").Optional();
            Map(r => r.Rate).Name("rate").Optional();
        }
    }

    private static async Task<IResult> PreviewAsync(HttpContext http, [AsParameters] PaymentPages.Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"];
        if (file is null || file.Length is 0 or > MaxBytes)
        {
            return await UnreadableAsync(http, sources, $"a file of 1 byte to {MaxBytes / 1024} KB is needed");
        }

        IReadOnlyList<UploadRow> rows;
        await using (var stream = file.OpenReadStream())
        {
            using var reader = new StreamReader(stream);
            if (Read(await reader.ReadToEndAsync(http.RequestAborted)) is not { } read)
            {
                return await UnreadableAsync(http, sources, $"the columns Seat, Amount and Reference, and at most {MaxRows} rows, are needed");
            }

            rows = read;
        }

        // Cash references are made now and carried to the confirm, so what is confirmed is what was shown.
        var today = NairobiTime.Today(sources.Clock);
        var resolved = rows.Select(r => (Row: r, Read: Fields(r).Read(seat.Chama.Currency, Receipt.NewCash(today)))).ToList();
        var readable = resolved.Where(r => r.Read.Payment is not null).Select(r => r.Read.Payment!).ToList();
        var previews = new Queue<PaymentPreview>(await sources.Recorded.PreviewAsync(seat.Chama.Id, readable, http.RequestAborted));
        var names = (await sources.Chamas.GetMembersAsync(seat.Chama.Id, http.RequestAborted)).Where(m => m.Active).ToDictionary(m => m.Seat, m => m.Name);
        var refused = false;
        var lines = new List<Markup>();
        for (var i = 0; i < resolved.Count; i++)
        {
            var (row, (payment, refusal)) = resolved[i];
            var preview = payment is null ? null : previews.Dequeue();
            var effect = preview switch
            {
                null => $"Refused: {PaymentFields.Refusal(sources.Texts, seat, refusal!)}",
                { Effect: PreviewEffect.Refused } => $"Refused: {PaymentFields.Refusal(sources.Texts, seat, RecordCommand.Reason(preview.Refusal!.Error), preview.Payment.Seat, preview.Payment.Receipt.Value)}",
                { Effect: PreviewEffect.AlreadyRecorded } => "Already recorded: nothing changes",
                { Payment.Fund: Fund.Welfare } => "New: into the welfare fund",
                { Payment.Fund: Fund.Savings } => "New: into the member's savings",
                { Payment.Fund: Fund.Loan } => "New: a repayment of the member's loan",
                _ => $"New: round {preview.Round!.Number}",
            };
            refused |= preview is null or { Effect: PreviewEffect.Refused };
            var shown = preview?.Payment ?? payment;
            lines.Add(Html.Of(
                $"""
                <tr{Html.If(effect.StartsWith("Refused", StringComparison.Ordinal), $" class=\"error\"")}><th scope="row">{i + 1}</th><td>{row.Seat}</td><td>{(int.TryParse(row.Seat, out var n) ? names.GetValueOrDefault(n, "") : "")}</td><td class="n">{shown?.Amount.ToString() ?? row.Amount}</td><td>{(shown?.Foreign is { } f ? $"{f.Paid} at {f.Rate}" : "")}</td><td>{(shown is null ? "" : FundChoice.Name(shown.Fund))}</td><td>{shown?.Receipt.Value ?? row.Reference}</td><td>{effect}</td></tr>
                """));
        }

        var table = Html.Of(
            $"""
            <div class="table" role="region" tabindex="0" aria-label="Preview"><table><thead><tr><th scope="col">Row</th><th scope="col">Seat</th><th scope="col">Member</th><th class="n" scope="col">Credited</th><th scope="col">Paid abroad</th><th scope="col">Fund</th><th scope="col">Reference</th><th scope="col">What it does</th></tr></thead>
            <tbody>{Markup.Join(lines)}</tbody></table></div>
            """);
        if (refused)
        {
            return await PageAsync(http, sources, table, null, PaymentPages.Say(sources.Texts, seat, "preview_refused"), StatusCodes.Status400BadRequest);
        }

        var confirm = Html.Of(
            $"""
            <p>{PaymentPages.Say(sources.Texts, seat, "preview_intro")}</p>{table}
            <form method="post" action="{DashboardLayout.Href(seat.Chama.Id, $"{Path}/confirm")}">{DashboardLayout.Antiforgery(http)}
            <input type="hidden" name="rows" value="{Write(resolved.Select(r => r.Read.Payment!))}">
            <button type="submit">Record these {resolved.Count} payments</button></form>
            """);
        return DashboardLayout.ChamaPage(http, seat, PaymentPages.Path, Html.Of($"<h2>Upload payments: preview</h2>{confirm}"));
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, [AsParameters] PaymentPages.Sources sources)
    {
        var seat = OfficerSeat.Of(http);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var rows = Read(Decode(form["rows"].ToString()));
        var payments = rows?.Select(r => Fields(r).Read(seat.Chama.Currency, Receipt.NewCash(NairobiTime.Today(sources.Clock))).Payment).ToList();
        if (payments is null || payments.Count == 0 || payments.Any(p => p is null))
        {
            return await UnreadableAsync(http, sources, "the preview was changed");
        }

        try
        {
            var recorded = await sources.Recorded.RecordAllAsync(
                seat.Officer, payments!, DashboardEndpoints.Channel, RecordingNotices.ForMember(sources.Texts, seat.Officer), http.RequestAborted);
            return await PageAsync(http, sources, Markup.Empty, PaymentPages.Say(sources.Texts, seat, "upload_done", count: recorded.Count), null);
        }
        catch (ChamaException refused) when (refused.Facts is RefusedRow failed)
        {
            var payment = payments[failed.Row - 1]!;
            var why = PaymentFields.Refusal(sources.Texts, seat, RecordCommand.Reason(failed.Reason.Error), payment.Seat, payment.Receipt.Value);
            return await PageAsync(
                http, sources, Markup.Empty, null, PaymentPages.Say(sources.Texts, seat, "row_refused", row: failed.Row, seatNumber: payment.Seat, reason: why), StatusCodes.Status409Conflict);
        }
    }

    /// <summary>The rows of a file, or null when it is not a CSV with the needed columns or has too many rows.</summary>
    public static IReadOnlyList<UploadRow>? Read(string text)
    {
        try
        {
            using var csv = new CsvReader(new StringReader(text), Reading);
            csv.Context.RegisterClassMap<UploadRowMap>();
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header
                || !new[] { "seat", "amount", "reference" }.All(column => header.Any(h => h.Trim().Equals(column, StringComparison.OrdinalIgnoreCase))))
            {
                return null;
            }

            var rows = new List<UploadRow>();
            while (csv.Read())
            {
                if (rows.Count == MaxRows)
                {
                    return null;
                }

                rows.Add(csv.GetRecord<UploadRow>());
            }

            return rows.Count == 0 ? null : rows;
        }
        catch (CsvHelperException)
        {
            return null;
        }
    }

    private static PaymentFields Fields(UploadRow row) =>
        new(row.Seat, row.Amount, row.Reference, row.Fund, TextInput.Line(row.Note), row.Currency, row.Rate);

    /// <summary>The rows as the confirm reads them back (CSV in base64): each reference explicit, a foreign payment with its currency and rate.</summary>
    private static string Write(IEnumerable<PaymentToRecord> payments)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Writing))
        {
            csv.WriteRecords(payments.Select(p => new UploadRow
            {
                Seat = p.Seat.ToString(CultureInfo.InvariantCulture),
                Amount = (p.Foreign?.Paid ?? p.Amount).FormatPlain(),
                Reference = p.Receipt.Value,
                Fund = FundWords.Word(p.Fund),
                Note = p.Note ?? "",
                Currency = p.Foreign?.Paid.Currency ?? "",
                Rate = p.Foreign?.Rate.ToString(CultureInfo.InvariantCulture) ?? "",
            }));
        }

        // Carried as base64, so the rows reach the confirm exactly as written whatever a browser does to line breaks.
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static string Decode(string rows)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(rows));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    private static Task<IResult> UnreadableAsync(HttpContext http, PaymentPages.Sources sources, string detail) =>
        PageAsync(http, sources, Markup.Empty, null, PaymentPages.Say(sources.Texts, OfficerSeat.Of(http), "upload_unreadable", detail: detail), StatusCodes.Status400BadRequest);

    private static Task<IResult> PageAsync(HttpContext http, PaymentPages.Sources sources, Markup above, string? notice, string? error, int status = StatusCodes.Status200OK)
    {
        var seat = OfficerSeat.Of(http);
        var body = Html.Of(
            $"""
            <h2>Upload payments</h2>{above}
            <p>{PaymentPages.Say(sources.Texts, seat, "upload_intro")}</p>
            <form method="post" enctype="multipart/form-data" action="{DashboardLayout.Href(seat.Chama.Id, Path)}">{DashboardLayout.Antiforgery(http)}
            <label for="file">CSV file</label><input id="file" name="file" type="file" accept=".csv,text/csv" required>
            <button type="submit">Preview</button></form>
            <p><a href="{DashboardLayout.Href(seat.Chama.Id, PaymentPages.Path)}">Back to payments</a></p>
            """);
        return Task.FromResult(DashboardLayout.ChamaPage(http, seat, PaymentPages.Path, body, notice, error, status));
    }
}
