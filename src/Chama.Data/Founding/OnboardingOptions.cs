namespace Chama.Data.Founding;

/// <summary>How phones may found chamas themselves, bound from the <c>Onboarding</c> section.</summary>
public sealed class OnboardingOptions
{
    public const string Section = "Onboarding";

    /// <summary>False: NEW CHAMA is refused and the phone is told to ask the operator, who creates chamas on the command line.</summary>
    public bool Open { get; set; } = true;

    /// <summary>True: a founded chama waits for <c>chama approve &lt;CODE&gt;</c> before anything may be done in it.</summary>
    public bool RequireApproval { get; set; }
}
