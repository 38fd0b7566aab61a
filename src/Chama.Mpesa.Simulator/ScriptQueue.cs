using System.Collections.Concurrent;

namespace Chama.Mpesa.Simulator;

/// <summary>Scripted outcomes, taken in order by the next requests; when none is left the default applies.</summary>
internal sealed class ScriptQueue<T>(T fallback)
    where T : class
{
    private readonly ConcurrentQueue<T> scripted = new();

    public T Default { get; set; } = fallback;

    public void Enqueue(T outcome) => scripted.Enqueue(outcome);

    public T Next() => scripted.TryDequeue(out var outcome) ? outcome : Default;
}
