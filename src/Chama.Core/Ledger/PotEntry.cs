namespace Chama.Core;

/// <summary>How an entry moves money for one member in one round's pot.</summary>
public enum PotEntryKind
{
    /// <summary>A payment counted toward the round.</summary>
    Contribution,

    /// <summary>Over-payment taken out of this round to be carried as credit.</summary>
    CreditCarriedOut,

    /// <summary>Credit brought into this round from an over-payment in an earlier one.</summary>
    CreditApplied,

    /// <summary>A correction taking back what a reversed payment had put into this round.</summary>
    Reversal,
}

/// <summary>One append-only movement in a round's pot.</summary>
public sealed record PotEntry(long MemberId, PotEntryKind Kind, Money Amount)
{
    /// <summary>What this entry adds to the member's paid total in its round.</summary>
    public Money Effect => Kind is PotEntryKind.CreditCarriedOut or PotEntryKind.Reversal ? Money.Zero(Amount.Currency) - Amount : Amount;
}
