using System.Text.Json;
using Chama.Data.Conversations;

namespace Chama.Conversations.Sessions;

/// <summary>The persisted session seen by the engine and the flows: current flow and state, and values entered so far.</summary>
public sealed class ConversationSession
{
    private const string Empty = "{}";

    /// <summary>Set while the flow's last prompt asked for a secret (a PIN): the answer is never kept as typed.</summary>
    private const string SecretKey = "_secret";
    private readonly Dictionary<string, string> data;

    public ConversationSession(StoredSession stored)
    {
        Stored = stored;
        // Most steps carry no values (a menu, a balance): no JSON to read for those.
        data = stored.Data == Empty ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Data) ?? [];
    }

    public StoredSession Stored { get; }

    public string? Flow => Stored.Flow;

    public long? MemberId
    {
        get => Stored.MemberId;
        set => Stored.MemberId = value;
    }

    public TState StateOr<TState>(TState initial) where TState : struct, Enum =>
        Enum.TryParse<TState>(Stored.State, out var state) ? state : initial;

    public void SetState<TState>(TState state) where TState : struct, Enum => Stored.State = state.ToString();

    public string? Get(string key) => data.GetValueOrDefault(key);

    public long? GetLong(string key) => long.TryParse(Get(key), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    public void Set(string key, string value) => data[key] = value;

    public void Set(string key, long value) => data[key] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The prompt being answered asks for a secret: the answer must be hidden wherever the input is kept.</summary>
    public void ExpectSecret() => data[SecretKey] = "1";

    /// <summary>Whether the answer now arriving is a secret; read once per step, as each prompt for a secret asks again.</summary>
    public bool TakeSecretExpected() => data.Remove(SecretKey);

    /// <summary>Enters a flow with a clean slate.</summary>
    public void Enter(string flow)
    {
        Stored.Flow = flow;
        Stored.State = null;
        data.Clear();
    }

    /// <summary>Leaves any flow: the next input is read as a menu choice.</summary>
    public void Leave()
    {
        Stored.Flow = null;
        Stored.State = null;
        data.Clear();
    }

    /// <summary>Writes the typed values back into the stored row.</summary>
    public StoredSession ToStored()
    {
        Stored.Data = data.Count == 0 ? Empty : JsonSerializer.Serialize(data);
        return Stored;
    }
}
