namespace Chama.Conversations.Tests;

public class InputTests
{
    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "1", "1")]
    [InlineData("1", "1*2", "2")]
    [InlineData("1*2", "1*2*500", "500")]
    [InlineData("4*1*3000", "4*1*3000*bad*luck", "bad*luck")]
    [InlineData(null, "1*2*3", "3")]
    [InlineData("9*9", "1*2", "2")]
    public void The_newest_USSD_step_is_what_follows_the_previous_input(string? previous, string cumulative, string latest) =>
        Assert.Equal(latest, UssdInput.Read(previous, cumulative, secret: false).Latest);

    [Fact]
    public void A_USSD_step_answering_a_PIN_prompt_is_read_as_typed_and_kept_hidden()
    {
        var (latest, kept) = UssdInput.Read("6*1*1", "6*1*1*4829", secret: true);

        Assert.Equal("4829", latest);
        Assert.Equal("6*1*1*####", kept);
    }

    [Fact]
    public void The_hop_after_a_hidden_PIN_follows_the_kept_input_and_keeps_the_PIN_hidden()
    {
        var (latest, kept) = UssdInput.Read("6*1*1*####", "6*1*1*4829*0", secret: false);

        Assert.Equal("0", latest);
        Assert.Equal("6*1*1*####*0", kept);
        Assert.DoesNotContain("4829", kept);
    }

    [Fact]
    public void A_retried_PIN_hop_is_recognised_from_the_hidden_input()
    {
        Assert.True(UssdInput.SameAs("6*1*1*####", "6*1*1*4829"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*1*4829*1"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*2*4829"));
        Assert.False(UssdInput.SameAs("6*1*1*####", "6*1*1*48*9"));
    }

    [Fact]
    public void Input_that_does_not_follow_the_kept_input_is_kept_wholly_hidden()
    {
        var (latest, kept) = UssdInput.Read("9*9", "6*1*1*4829*2", secret: false);

        Assert.Equal("2", latest);
        Assert.Equal("#*#*#*####*#", kept);
    }

    [Fact]
    public void A_PIN_typed_after_its_session_was_lost_is_read_but_never_kept()
    {
        var (latest, kept) = UssdInput.Read(null, "6*1*1*4829", secret: false);

        Assert.Equal("4829", latest);
        Assert.Equal("#*#*#*####", kept);
    }

    [Fact]
    public void A_first_hop_without_earlier_steps_is_kept_as_typed()
    {
        var (latest, kept) = UssdInput.Read(null, "2", secret: false);

        Assert.Equal(("2", "2"), (latest, kept));
    }
}
