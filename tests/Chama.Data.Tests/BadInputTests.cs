using Chama.Core;
using Chama.Tests;

namespace Chama.Data.Tests;

/// <summary>Each bad request is refused with its own error, and the store is left exactly as it was.</summary>
public abstract class BadInputTests(Engine engine) : IAsyncLifetime
{
    private static readonly string[] Tables = ["chamas", "members", "cycles", "rounds", "contributions", "credit_entries", "welfare_requests", "welfare_payouts", "audit_log"];
    private TestDatabase db = null!;
    private Umoja umoja = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync(engine);
        umoja = await db.SeedUmojaAsync();
        await db.Ledger.RecordAsync(umoja.Pay(umoja.Grace, 10_000, "QKJ4HT8MZ1"), TestDatabase.Treasurer);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    public static TheoryData<string> Cases() =>
    [
        "zero amount", "negative amount", "unknown member", "unknown round", "receipt not mpesa shaped", "other currency",
        "seat taken", "seat zero", "phone already a member", "phone does not parse", "unknown chama", "chama code taken",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_with_its_own_error_and_nothing_changes(string @case)
    {
        var before = await SnapshotAsync();
        var (expected, attempt) = Attempt(@case);

        var error = await Assert.ThrowsAsync<ChamaException>(attempt);

        Assert.Equal(expected, error.Error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_closed_cycle_takes_no_more_contributions()
    {
        await db.Cycles.CloseCycleAsync(umoja.Cycle.Id, TestDatabase.Treasurer);
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10_000, "QKJ4HT8MZ9"), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.CycleClosed, error.Error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_member_of_another_chama_cannot_pay_into_this_ones_round()
    {
        var other = await db.Chamas.CreateChamaAsync("Another", "OTHER", Constitution.Monthly(Money.Kes(5)), TestDatabase.Treasurer);
        var stranger = await db.Chamas.AddMemberAsync(other.Id, new NewMember("Stranger", "0799000005", 1), TestDatabase.Treasurer);
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Ledger.RecordAsync(umoja.Pay(stranger, 10, "QKJ4HT8MZ9"), TestDatabase.Treasurer));

        Assert.Equal(ChamaError.UnknownMember, error.Error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_second_running_cycle_is_refused()
    {
        var error = await Assert.ThrowsAsync<ChamaException>(() => db.Cycles.StartCycleAsync(umoja.Chama.Id, new DateOnly(2026, 6, 30), TestDatabase.Treasurer));
        Assert.Equal(ChamaError.ActiveCycleExists, error.Error);
    }

    private (ChamaError Expected, Func<Task> Attempt) Attempt(string @case)
    {
        var actor = TestDatabase.Treasurer;
        return @case switch
        {
            "zero amount" => (ChamaError.InvalidAmount, () => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 0, "QKJ4HT8MZ9"), actor)),
            "negative amount" => (ChamaError.InvalidAmount, () => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, -10, "QKJ4HT8MZ9"), actor)),
            "unknown member" => (ChamaError.UnknownMember, () => db.Ledger.RecordAsync(new ContributionRequest(umoja.Round1.Id, 999, Money.Kes(10), "QKJ4HT8MZ9"), actor)),
            "unknown round" => (ChamaError.UnknownRound, () => db.Ledger.RecordAsync(new ContributionRequest(999, umoja.Diana.Id, Money.Kes(10), "QKJ4HT8MZ9"), actor)),
            "receipt not mpesa shaped" => (ChamaError.InvalidReceipt, () => db.Ledger.RecordAsync(umoja.Pay(umoja.Diana, 10, "not-a-receipt"), actor)),
            "other currency" => (ChamaError.CurrencyMismatch, () => db.Ledger.RecordAsync(new ContributionRequest(umoja.Round1.Id, umoja.Diana.Id, Money.Major(10, "USD"), "QKJ4HT8MZ9"), actor)),
            "seat taken" => (ChamaError.SeatTaken, () => db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Late Comer", "0799000005", 2), actor)),
            "seat zero" => (ChamaError.InvalidSeat, () => db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Late Comer", "0799000005", 0), actor)),
            "phone already a member" => (ChamaError.PhoneAlreadyMember, () => db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Grace Again", "+254712000001", 9), actor)),
            "phone does not parse" => (ChamaError.InvalidPhone, () => db.Chamas.AddMemberAsync(umoja.Chama.Id, new NewMember("Late Comer", "07-not-a-phone", 9), actor)),
            "unknown chama" => (ChamaError.UnknownChama, () => db.Chamas.AddMemberAsync(999, new NewMember("Late Comer", "0799000005", 9), actor)),
            "chama code taken" => (ChamaError.ChamaCodeTaken, () => db.Chamas.CreateChamaAsync("Another", "umoja", Constitution.Monthly(Money.Kes(5)), actor)),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
    }

    private async Task<string> SnapshotAsync()
    {
        var counts = new List<string>();
        foreach (var table in Tables)
        {
            counts.Add($"{table}={await db.CountAsync(table)}");
        }

        return string.Join(",", counts) + $"|{(await db.Ledger.GetRoundSummaryAsync(umoja.Round1.Id)).CollectedLine}";
    }
}

public sealed class SqliteBadInputTests() : BadInputTests(Engine.Sqlite);

public sealed class PostgresBadInputTests() : BadInputTests(Engine.Postgres);
