namespace Chama.Data.Sharding;

/// <summary>How a table's rows belong to a chama, the shape a database sharded by <c>chama_id</c> needs (docs/scaling.md).</summary>
public enum TableOwnership
{
    /// <summary>The <c>chamas</c> table: a row is the chama, its <c>id</c> the distribution key.</summary>
    ChamaItself,

    /// <summary>A row names its chama in its own <c>chama_id</c> column.</summary>
    ChamaColumn,

    /// <summary>A row reaches its chama through a parent row of the same chama (<see cref="ChamaTable.ParentKey"/>).</summary>
    ThroughParent,

    /// <summary>A row belongs to no chama: it is the host's, a phone's or a provider's (<see cref="ChamaTable.Reason"/>).</summary>
    NoChama,
}

/// <summary>
/// One table of the schema and its chama. <paramref name="ParentKey"/> names the column holding the parent's <c>id</c>
/// and <paramref name="Parent"/> that table, for <see cref="TableOwnership.ThroughParent"/>; <paramref name="Reason"/>
/// says why a <see cref="TableOwnership.NoChama"/> table is not a chama's.
/// </summary>
public sealed record ChamaTable(string Name, TableOwnership Ownership, string? ParentKey = null, string? Parent = null, string? Reason = null);

/// <summary>
/// Every table of the schema (both engines), each once, by how its rows belong to a chama. A new table must be added
/// here: a test compares this list with the migrated schema and with docs/scaling.md, and the PostgreSQL tests refuse
/// any write of a chama's rows by a transaction that has not entered that chama (<see cref="WriteScope"/>).
/// </summary>
public static class ChamaTables
{
    /// <summary>The column naming a row's chama in every chama table but <c>chamas</c> itself.</summary>
    public const string ChamaColumn = "chama_id";

    /// <summary>The key every parent is reached by.</summary>
    public const string ParentId = "id";

    public static readonly IReadOnlyList<ChamaTable> All =
    [
        new("chamas", TableOwnership.ChamaItself),

        // Chama tables that carry chama_id. A NULL chama_id (audit_log of a host-wide action, suspense_payments whose
        // account reference matched no chama) marks a row of no chama.
        Column("audit_log"),
        Column("chama_accounts"),
        Column("constitution_proposals"),
        Column("constitutions"),
        Column("contributions"),
        Column("cycle_join_proposals"),
        Column("cycles"),
        Column("decision_votes"),
        Column("disbursements"),
        Column("exit_settlements"),
        Column("fines"),
        Column("invitations"),
        Column("loans"),
        Column("member_change_proposals"),
        Column("member_exits"),
        Column("members"),
        Column("payment_corrections"),
        Column("payment_disputes"),
        Column("payment_requests"),
        Column("payment_reversals"),
        Column("payout_statements"),
        Column("recorded_payments"),
        Column("seat_swaps"),
        Column("share_outs"),
        Column("suspense_payments"),
        Column("welfare_payouts"),
        Column("welfare_request_closures"),
        Column("welfare_requests"),

        // Chama tables that reach chama_id through a parent of the same chama.
        Child("credit_entries", "member_id", "members"),
        Child("cycle_joins", "cycle_id", "cycles"),
        Child("disbursement_events", "disbursement_id", "disbursements"),
        Child("fine_payments", "fine_id", "fines"),
        Child("fine_waivers", "fine_id", "fines"),
        Child("invitation_events", "invitation_id", "invitations"),
        Child("loan_charges", "loan_id", "loans"),
        Child("loan_events", "loan_id", "loans"),
        Child("loan_guarantee_answers", "guarantor_id", "loan_guarantors"),
        Child("loan_guarantors", "loan_id", "loans"),
        Child("loan_instalments", "loan_id", "loans"),
        Child("loan_recoveries", "loan_id", "loans"),
        Child("loan_recovery_proposals", "loan_id", "loans"),
        Child("loan_repayments", "loan_id", "loans"),
        Child("manual_payouts", "disbursement_id", "disbursements"),
        Child("member_changes", "member_id", "members"),
        Child("officer_pins", "member_id", "members"),
        Child("payout_confirmations", "disbursement_id", "disbursements"),
        Child("payout_status_queries", "disbursement_id", "disbursements"),
        Child("reversal_entries", "reversal_id", "payment_reversals"),
        Child("rounds", "cycle_id", "cycles"),
        Child("seat_swap_answers", "swap_id", "seat_swaps"),
        Child("seat_swap_holds", "swap_id", "seat_swaps"),
        Child("seat_swap_lapses", "swap_id", "seat_swaps"),
        Child("share_out_events", "share_out_id", "share_outs"),
        Child("share_out_lines", "share_out_id", "share_outs"),
        Child("suspense_allocations", "contribution_id", "contributions"),
        Child("unconfirmed_payouts", "disbursement_id", "disbursements"),

        // Tables tied to no chama.
        NoChama("chama_setups", "a founder's conversation, keyed by phone, before the chama exists"),
        NoChama("conversation_sessions", "a phone's place in a chat or USSD flow, on any chama's or none"),
        NoChama("dashboard_sign_outs", "revoked dashboard sessions, checked on every request of every chama"),
        NoChama("inbound_messages", "the providers' message ids, claimed once before the sender's chama is known"),
        NoChama("key_ring", "the host's data-protection keys"),
        NoChama("mpesa_callbacks", "Daraja's callbacks as received, logged before they are matched to a chama"),
        NoChama("outbound_attempts", "the host's delivery queue: each try at sending an outbound message"),
        NoChama("outbound_messages", "the host's delivery queue, claimed by any host across chamas; its chama_id labels, it does not own"),
        NoChama("outbound_status", "Twilio's delivery reports, keyed by message SID"),
        NoChama("schema_migrations", "the schema's own version"),
        NoChama("sign_in_codes", "one-time codes sent to a phone, before it has chosen a chama"),
        NoChama("sign_in_failures", "failed sign-ins by phone and address, for rate limits"),
        NoChama("ussd_session_ends", "Africa's Talking's end-of-session reports, keyed by session"),
        NoChama("whatsapp_windows", "when a phone last wrote, for WhatsApp's 24-hour window"),
    ];

    private static ChamaTable Column(string name) => new(name, TableOwnership.ChamaColumn);

    private static ChamaTable Child(string name, string parentKey, string parent) => new(name, TableOwnership.ThroughParent, parentKey, parent);

    private static ChamaTable NoChama(string name, string reason) => new(name, TableOwnership.NoChama, Reason: reason);
}
