using Chama.Conversations.Commands.Chat;
using Chama.Conversations.Commands.Cycles;
using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Commands.Invitations;
using Chama.Conversations.Commands.Joins;
using Chama.Conversations.Commands.Loans;
using Chama.Conversations.Commands.Members;
using Chama.Conversations.Commands.Payments;
using Chama.Conversations.Commands.Payouts;
using Chama.Conversations.Commands.Recording;
using Chama.Conversations.Commands.Rules;
using Chama.Conversations.Commands.Screens;
using Chama.Conversations.Commands.ShareOuts;
using Chama.Conversations.Commands.Swaps;

namespace Chama.Conversations.Commands;

/// <summary>
/// Every command the chat understands, registered once: adding a command is adding its type here (and its texts to
/// <c>templates/</c>). <see cref="Keywords"/> reads messages against this list.
/// </summary>
public static class ChatCommands
{
    public static IReadOnlyList<IChatCommand> All { get; } =
    [
        new MenuCommand(),
        new HelpCommand(),
        new StartCycleCommand(),
        new LanguageCommand(),
        new SwitchChamaCommand(),
        new PayCommand(),
        new BalanceCommand(),
        new PendingCommand(),
        new WelfareCommand(),
        new ApprovalsCommand(),
        new DecideCommand(),
        new UnsentCommand(),
        new RulesCommand(),
        new RuleCommand(),
        new AllocateCommand(),
        new WaiveCommand(),
        new CancelPayoutCommand(),
        new StatementCommand(),
        new PaidByHandCommand(),
        new ReceivedCommand(),
        new SwapCommand(),
        new AnswerSwapCommand(),
        new JoinCommand(),
        new ExitCommand(),
        new RecordCommand(),
        new DisputeCommand(),
        new CorrectCommand(),
        new InviteCommand(),
        new InvitationsCommand(),
        new LoanCommand(),
        new GuaranteeCommand(),
        new WithdrawLoanCommand(),
        new ShareOutCommand(),
    ];
}
