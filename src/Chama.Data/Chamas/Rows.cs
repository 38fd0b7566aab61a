using Chama.Core;

namespace Chama.Data.Chamas;

internal sealed class ChamaRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string Currency { get; init; } = "";
    public long ContributionMinor { get; init; }
    public string Frequency { get; init; } = "";
    public long WelfareLevyMinor { get; init; }
    public long LateFineMinor { get; init; }
    public long ApprovalsRequired { get; init; }
    public long MembersSeePending { get; init; }
    public long GraceDays { get; init; }
    public string FinesFund { get; init; } = "";
    public long WelfareCoolingOffHours { get; init; }
    public string FineMode { get; init; } = "";
    public long FineCapMinor { get; init; }
    public long WelfarePayoutLimitMinor { get; init; }
    public long ExitDeductionPercent { get; init; }
    public long PayoutPhoneDelayHours { get; init; }
    public long SavingsMinor { get; init; }
    public long LoanMultiple { get; init; }
    public long LoanCapMinor { get; init; }
    public string InterestMethod { get; init; } = "";
    public long InterestRateBp { get; init; }
    public long LoanTermMonths { get; init; }
    public long Guarantors { get; init; }
    public long GuaranteePercent { get; init; }
    public long LoanPenaltyPercent { get; init; }
    public long LendPercent { get; init; }
    public long DefaultAfterMissed { get; init; }
    public long Version { get; init; }
    public string? FirstMeetingOn { get; init; }
    public long AwaitingApproval { get; init; }

    /// <summary>The constitution's columns, read from the version joined as <c>k</c>.</summary>
    public const string ConstitutionColumns =
        """
        k.contribution_minor, k.frequency, k.welfare_levy_minor, k.late_fine_minor, k.approvals_required, k.members_see_pending,
        k.grace_days, k.fines_fund, k.welfare_cooling_off_hours, k.fine_mode, k.fine_cap_minor, k.welfare_payout_limit_minor,
        k.exit_deduction_percent, k.payout_phone_delay_hours, k.savings_minor, k.loan_multiple, k.loan_cap_minor, k.interest_method,
        k.interest_rate_bp, k.loan_term_months, k.guarantors, k.guarantee_percent, k.loan_penalty_percent, k.lend_percent,
        k.default_after_missed, k.version
        """;

    public const string Select =
        $"""
        SELECT c.id, c.code, c.name, c.currency, c.first_meeting_on, c.awaiting_approval, {ConstitutionColumns}
        FROM chamas c
        JOIN constitutions k ON k.chama_id = c.id
            AND k.version = (SELECT MAX(version) FROM constitutions WHERE chama_id = c.id)
        """;

    public ChamaGroup ToChama() => new(
        Id,
        Name,
        Code,
        new Constitution(
            new Money(ContributionMinor, Currency),
            Enum.Parse<MeetingFrequency>(Frequency),
            new Money(WelfareLevyMinor, Currency),
            new Money(LateFineMinor, Currency),
            (int)ApprovalsRequired,
            MembersSeePending == 1,
            (int)GraceDays,
            Enum.Parse<Fund>(FinesFund),
            (int)WelfareCoolingOffHours,
            Enum.Parse<Core.FineMode>(FineMode),
            FineCapMinor > 0 ? new Money(FineCapMinor, Currency) : null,
            WelfarePayoutLimitMinor > 0 ? new Money(WelfarePayoutLimitMinor, Currency) : null,
            (int)ExitDeductionPercent,
            (int)PayoutPhoneDelayHours,
            SavingsMinor > 0 ? new Money(SavingsMinor, Currency) : null,
            Lending()))
    {
        FirstMeeting = FirstMeetingOn is null ? null : DateOnly.ParseExact(FirstMeetingOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AwaitsApproval = AwaitingApproval == 1,
    };

    /// <summary>The lending rules stored; null while they are the defaults of a chama that does not lend, as a constitution made in code has them.</summary>
    private LoanRules? Lending()
    {
        var rules = new LoanRules(
            (int)LoanMultiple,
            LoanCapMinor > 0 ? new Money(LoanCapMinor, Currency) : null,
            Enum.Parse<Core.InterestMethod>(InterestMethod),
            (int)InterestRateBp,
            (int)LoanTermMonths,
            (int)Guarantors,
            (int)GuaranteePercent,
            (int)LoanPenaltyPercent,
            (int)LendPercent,
            (int)DefaultAfterMissed);
        return rules == LoanRules.None ? null : rules;
    }
}

internal sealed class MemberRow
{
    public long Id { get; init; }
    public long ChamaId { get; init; }
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string ReceivePhone { get; init; } = "";
    public long Seat { get; init; }
    public long Roles { get; init; }
    public string Language { get; init; } = "";
    public long Active { get; init; }

    public const string Select = "SELECT id, chama_id, name, phone, receive_phone, seat, roles, language, active FROM members";

    public Member ToMember() => new(
        Id,
        ChamaId,
        Name,
        PhoneNumber.FromStored(Phone),
        PhoneNumber.FromStored(ReceivePhone),
        (int)Seat,
        (MemberRoles)Roles,
        Enum.Parse<Core.Language>(Language),
        Active == 1);
}
