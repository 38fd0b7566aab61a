using Chama.Conversations.Commands;
using Chama.Conversations.Commands.Decisions;
using Chama.Conversations.Commands.Payments;
using Chama.Core;

namespace Chama.Conversations.Tests;

/// <summary>The registry of commands and of decision handlers: every message means at most one thing.</summary>
public class ChatCommandsTests
{
    public static TheoryData<string> CommandNames() => [.. ChatCommands.All.Select(c => c.Name)];

    public static TheoryData<string, string> WordsAlone()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in ChatCommands.All)
        {
            foreach (var word in command.Words.Where(w => w.Takes != Takes.Arguments))
            {
                data.Add(command.Name, word.Phrase);
            }
        }

        return data;
    }

    [Fact]
    public void No_two_commands_can_read_the_same_message_in_either_language()
    {
        var words = ChatCommands.All.SelectMany(command => command.Words.Select(word => (command, word))).ToList();
        var clashes = words
            .SelectMany(a => words.Where(b => a.command != b.command && a.word.Overlaps(b.word)).Select(b => $"{a.word.Phrase}: {a.command.Name} and {b.command.Name}"))
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public void A_word_may_be_shared_only_between_a_command_alone_and_one_with_arguments()
    {
        var alone = new CommandWord("APPROVE", Language.En);
        var withCode = new CommandWord("approve", Language.En, Takes.Arguments);
        var maybe = new CommandWord("APPROVE", Language.En, Takes.Either);

        Assert.False(alone.Overlaps(withCode));
        Assert.True(maybe.Overlaps(alone));
        Assert.True(maybe.Overlaps(withCode));
        Assert.True(alone.Overlaps(new CommandWord("Approve", Language.Sw)));
    }

    [Fact]
    public void Commands_have_one_name_each() =>
        Assert.Equal(ChatCommands.All.Count, ChatCommands.All.Select(c => c.Name).Distinct().Count());

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_command_is_known_in_English_and_in_Swahili(string name)
    {
        var words = ChatCommands.All.Single(c => c.Name == name).Words;
        var shared = words.Any(w => w.Language is null && !w.Phrase.All(char.IsDigit));

        Assert.True(shared || (words.Any(w => w.Language == Language.En) && words.Any(w => w.Language == Language.Sw)), $"{name} lacks a language");
    }

    [Theory]
    [MemberData(nameof(WordsAlone))]
    public void A_word_alone_is_read_as_its_command_in_either_case(string name, string phrase)
    {
        Assert.Equal(name, Keywords.Read(phrase.ToUpperInvariant())?.Command.Name);
        Assert.Equal(name, Keywords.Read(phrase.ToLowerInvariant())?.Command.Name);
        Assert.Equal(name, Keywords.Read($"  {phrase}  ")?.Command.Name);
    }

    [Theory]
    [InlineData("APPROVE X12")]
    [InlineData("reject q3 not now")]
    [InlineData("IDHINISHA Z1")]
    [InlineData("KATAA 7 sababu")]
    [InlineData("APPROVE P")]
    [InlineData("APPROVE P-1")]
    public void A_decision_on_a_code_no_handler_knows_is_not_a_command(string text) => Assert.Null(Keywords.Read(text));

    [Fact]
    public void Decision_handlers_have_one_letter_each() =>
        Assert.Equal(DecisionHandlers.All.Count, DecisionHandlers.All.Select(h => h.Letter).Distinct().Count());

    [Theory]
    [InlineData("P12", 'P', 12L)]
    [InlineData("w7", 'W', 7L)]
    [InlineData(" r4 ", 'R', 4L)]
    [InlineData("S5", 'S', 5L)]
    [InlineData("j3", 'J', 3L)]
    public void A_code_finds_the_handler_of_its_letter_in_either_case(string code, char letter, long id)
    {
        Assert.True(DecisionHandlers.TryFind(code, out var handler, out var found));
        Assert.Equal((letter, id), (handler.Letter, found));
    }

    [Fact]
    public void Pots_and_welfare_are_decided_by_the_same_payout_handler()
    {
        Assert.True(DecisionHandlers.TryFind("P1", out var pot, out _));
        Assert.True(DecisionHandlers.TryFind("W1", out var welfare, out _));
        Assert.IsType<PayoutDecision>(pot);
        Assert.IsType<PayoutDecision>(welfare);
    }
}
