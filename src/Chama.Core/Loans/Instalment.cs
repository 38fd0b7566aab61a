namespace Chama.Core;

/// <summary>One monthly instalment of a loan's schedule: the principal it repays and the month's interest.</summary>
public sealed record Instalment(int Number, DateOnly Due, Money Principal, Money Interest)
{
    public Money Amount => Principal + Interest;
}
