using Chama.Core;
using Chama.Data.Officers;

namespace Chama.Bot.Tests;

/// <summary>Gives an officer a PIN in force, as a reset on the dashboard does, for tests of decisions on USSD.</summary>
public static class OfficerPins
{
    public const string Pin = "2580";

    public static Task SetAsync(BotFactory factory, Member officer, string pin = Pin) =>
        factory.Get<OfficerPinStore>().ResetAsync(officer, OfficerPin.Hash(pin), "test");
}
