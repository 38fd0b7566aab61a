namespace Chama.Data.Conversations;

/// <summary>
/// Whether one conversation step has made a durable write besides its own session. A step that only read (a menu, a
/// balance) saves its session without waiting for the disk; a step that changed anything else (money above all) saves
/// it as durably as that change. The step's writes are seen by <see cref="StepWritesDatabase"/>, which stands in front
/// of the host's database.
/// </summary>
public sealed class StepWrites
{
    // One per step, carried down the step's async calls: writes made anywhere below the step are noted on it.
    private static readonly AsyncLocal<StepWrites?> Current = new();

    private int durableWrites;

    private StepWrites()
    {
    }

    /// <summary>Starts watching the writes made from here on in the calling async flow.</summary>
    public static StepWrites Begin()
    {
        var step = new StepWrites();
        Current.Value = step;
        return step;
    }

    /// <summary>How the step's session is saved: deferred unless the step already made a durable write.</summary>
    public Durability SessionDurability => Volatile.Read(ref durableWrites) == 0 ? Durability.Deferred : Durability.Flushed;

    internal static void NoteDurableWrite()
    {
        if (Current.Value is { } step)
        {
            Interlocked.Increment(ref step.durableWrites);
        }
    }
}
