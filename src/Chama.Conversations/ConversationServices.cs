using Chama.Conversations.Texts;
using Chama.Data.Approvals;
using Chama.Data.Chamas;
using Chama.Data.Cycles;
using Chama.Data.Disbursements;
using Chama.Data.Fines;
using Chama.Data.Founding;
using Chama.Data.Invitations;
using Chama.Data.Ledger;
using Chama.Data.Loans;
using Chama.Data.MemberChanges;
using Chama.Data.Mpesa;
using Chama.Data.Officers;
using Chama.Data.Outbox;
using Chama.Data.Payments;
using Chama.Data.Recording;
using Chama.Data.ShareOuts;
using Chama.Data.Savings;
using Chama.Data.Swaps;
using Chama.Data.Welfare;

namespace Chama.Conversations;

/// <summary>Tells the payment dispatcher that a request is waiting, so it need not wait for its next poll.</summary>
public interface IPaymentQueueSignal
{
    void PaymentQueued();
}

/// <summary>The domain services the flows act on.</summary>
public sealed record ConversationServices(
    MessageTexts Texts,
    TimeProvider Clock,
    ChamaStore Chamas,
    CycleStore Cycles,
    ContributionLedger Ledger,
    MemberStatements Statements,
    WelfareLedger Welfare,
    PaymentRequestStore Payments,
    ApprovalStore Approvals,
    Suspense Suspense,
    Outbox Outbox,
    MoneyNotices Notices,
    OutboxDelivery Delivery,
    IPaymentQueueSignal PaymentQueue,
    FineStore Fines,
    SeatSwapStore Swaps,
    ConstitutionStore Constitutions,
    DisbursementStore Payouts,
    MemberExitStore Exits,
    CycleJoinStore Joins,
    OfficerPinStore Pins,
    MemberChangeStore MemberChanges,
    PayoutStatementStore PayoutStatements,
    RecordedPayments Recorded,
    PaymentDisputes Disputes,
    PaymentCorrections Corrections,
    CycleStatements CycleStatements,
    FoundingStore Founding,
    InvitationStore Invitations,
    LoanRequests Loans,
    ShareOutStore ShareOuts,
    LoanRecoveries Recoveries,
    SavingsAccounts Savings);
