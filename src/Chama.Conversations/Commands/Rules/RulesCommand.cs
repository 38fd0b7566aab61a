using System.Diagnostics.CodeAnalysis;
using Chama.Core;

namespace Chama.Conversations.Commands.Rules;

/// <summary>
/// <c>RULES</c> (<c>KANUNI</c>): any member reads the chama's constitution in force, clause by numbered clause (the
/// numbers of <see cref="Clause"/>, which the bot's automated messages quote). <c>RULES</c> is the rotation's clauses 1
/// to 9; <c>RULES2</c> (<c>KANUNI2</c>) the savings and loans, clauses 10 to 14 (together they would pass WhatsApp's
/// 1,600 characters). One word each: <c>KANUNI</c> followed by words is an officer's rule change.
/// </summary>
public sealed class RulesCommand : ChatCommand<int>
{
    public override string Name => "rules";

    public override IReadOnlyList<CommandWord> Words { get; } =
        [new("RULES", Language.En), new("KANUNI", Language.Sw), new("RULES2", Language.En), new("KANUNI2", Language.Sw)];

    protected override bool TryParse(CommandText text, [MaybeNullWhen(false)] out int arguments)
    {
        arguments = text.Words[0].EndsWith('2') ? 2 : 1;
        return true;
    }

    public override Task<FlowReply> RunAsync(FlowContext context, int arguments) =>
        Task.FromResult(FlowReply.Finished(arguments == 2
            ? context.Say("rules_lending", LendingModel(context.Chama.Name, context.Chama.Constitution))
            : context.Say("rules_list", Model(context.Chama.Name, context.Chama.Constitution, founding: false))));

    /// <summary>
    /// The constitution as <c>rules_list</c> reads it; <paramref name="founding"/> ends the list with how a founder changes
    /// a rule by its number instead of how officers propose one; <paramref name="web"/> ends it with neither (a form says how).
    /// </summary>
    public static object Model(string chama, Constitution rules, bool founding, bool web = false) => new
    {
        chama,
        contribution = rules.Rotates ? rules.ContributionAmount.ToString() : "",
        frequency = rules.Frequency.ToString().ToLowerInvariant(),
        grace = rules.GraceDays,
        fine = LateFines.Applies(rules) ? rules.LateFine.ToString() : "",
        daily = rules.FineMode == FineMode.PerDay,
        cap = rules.FineCap?.ToString() ?? "",
        levy = rules.WelfareLevy.ToString(),
        quorum = rules.ApprovalsRequired,
        cooling = rules.WelfareCoolingOffHours,
        pending = rules.MembersMaySeePending,
        deduction = rules.ExitDeductionPercent,
        phone_delay = rules.PayoutPhoneDelayHours,
        limit = rules.WelfarePayoutLimit?.ToString() ?? "",
        founding,
        web,
    };

    /// <summary>The savings and lending clauses as <c>rules_lending</c> reads them.</summary>
    public static object LendingModel(string chama, Constitution rules) => new
    {
        chama,
        grace = rules.GraceDays,
        savings = rules.SavingsPerMeeting.IsPositive ? rules.SavingsPerMeeting.ToString() : "",
        lends = rules.Lending.Lends,
        multiple = rules.Lending.SavingsMultiple,
        loan_cap = rules.Lending.Cap?.ToString() ?? "",
        term = rules.Lending.MaxTermMonths,
        lend_limit = rules.Lending.LendPercent,
        rate = RuleChange.Percent(rules.Lending.MonthlyRateBasisPoints),
        reducing = rules.Lending.Method == InterestMethod.Reducing,
        penalty = rules.Lending.PenaltyPercent,
        default_after = rules.Lending.DefaultAfterMissed,
        guarantors = rules.Lending.Guarantors,
        pledge = rules.Lending.GuaranteePercent,
    };
}
