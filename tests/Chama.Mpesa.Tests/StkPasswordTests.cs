using Chama.Mpesa.Client;

namespace Chama.Mpesa.Tests;

public class StkPasswordTests
{
    [Fact]
    public void Password_matches_the_portal_sample()
    {
        var password = StkPassword.Compute("174379", "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919", "20210628092408");

        Assert.Equal("MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4", password);
    }

    [Fact]
    public void Timestamp_is_Nairobi_time()
    {
        var timestamp = StkPassword.Timestamp(new DateTimeOffset(2025, 12, 31, 22, 30, 15, TimeSpan.Zero));

        Assert.Equal("20260101013015", timestamp);
    }
}
