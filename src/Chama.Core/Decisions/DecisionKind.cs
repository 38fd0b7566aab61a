namespace Chama.Core;

/// <summary>
/// What the officers decide on. Each kind has a code letter (<c>P12</c>, <c>W7</c>, <c>R4</c>, <c>J3</c>, <c>S5</c>,
/// <c>O2</c>, <c>N6</c>, <c>U1</c>, <c>C4</c>, <c>L5</c>, <c>Y2</c>) and its votes live in one table, counted by one set of rules (<see cref="Ballot"/>).
/// </summary>
public enum DecisionKind
{
    /// <summary>Paying a full round's pot to its recipient (or, after they left, their exit refund).</summary>
    Pot,

    /// <summary>Paying a welfare request from the welfare fund.</summary>
    Welfare,

    /// <summary>Changing one rule of the constitution.</summary>
    Rule,

    /// <summary>A member joining the running cycle.</summary>
    Join,

    /// <summary>A seat swap held for the officers over arrears.</summary>
    Swap,

    /// <summary>Granting or removing a member's officer roles.</summary>
    Role,

    /// <summary>Changing the phone a member's payouts go to.</summary>
    PayoutPhone,

    /// <summary>Recording what the M-Pesa statement shows for a payout M-Pesa never confirmed: paid (with its receipt) or not.</summary>
    Statement,

    /// <summary>Reversing a payment an officer recorded, by a new reversing entry.</summary>
    Correction,

    /// <summary>Lending a member the amount they asked for, once every guarantor has accepted.</summary>
    Loan,

    /// <summary>The year-end share-out as computed when it was proposed: loans deducted, each line paid out, the savings year closed.</summary>
    ShareOut,
}

public static class DecisionKinds
{
    private static readonly Dictionary<DecisionKind, char> Letters = new()
    {
        [DecisionKind.Pot] = 'P',
        [DecisionKind.Welfare] = 'W',
        [DecisionKind.Rule] = 'R',
        [DecisionKind.Join] = 'J',
        [DecisionKind.Swap] = 'S',
        [DecisionKind.Role] = 'O',
        [DecisionKind.PayoutPhone] = 'N',
        [DecisionKind.Statement] = 'U',
        [DecisionKind.Correction] = 'C',
        [DecisionKind.Loan] = 'L',
        [DecisionKind.ShareOut] = 'Y',
    };

    public static char Letter(this DecisionKind kind) => Letters[kind];

    /// <summary>The code officers decide by: <c>P12</c>.</summary>
    public static string Code(this DecisionKind kind, long id) => $"{kind.Letter()}{id}";

    /// <summary>Reads any decision's code, in either case; false for anything else.</summary>
    public static bool TryParseCode(string? text, out DecisionKind kind, out long id)
    {
        foreach (var (candidate, letter) in Letters)
        {
            if (DecisionCode.TryParse(text, letter, out id))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        id = 0;
        return false;
    }
}
