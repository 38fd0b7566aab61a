using Chama.Core;

namespace Chama.Conversations.Flows;

/// <summary>
/// <c>RULES</c> (<c>KANUNI</c>): any member reads the chama's constitution in force, clause by numbered clause (the
/// numbers of <see cref="Clause"/>, which the bot's automated messages quote).
/// </summary>
public static class RulesCommand
{
    public static FlowReply Run(FlowContext context)
    {
        var rules = context.Chama.Constitution;
        return FlowReply.Finished(context.Say("rules_list", new
        {
            chama = context.Chama.Name,
            contribution = rules.ContributionAmount.ToString(),
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
        }));
    }
}
