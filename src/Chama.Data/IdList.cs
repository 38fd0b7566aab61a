using System.Globalization;

namespace Chama.Data;

/// <summary>
/// A list of row ids written into SQL as <c>(1, 2, 3)</c>. Dapper expands <c>IN @ids</c> into one parameter per item on
/// SQLite but hands Npgsql the whole list as one array, which <c>IN</c> does not accept; ids are numbers the database
/// itself gave out, so writing them into the text cannot inject anything.
/// </summary>
internal static class IdList
{
    public static string Of(IEnumerable<long> ids)
    {
        var list = string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        // An empty IN () is a syntax error on both engines; (NULL) matches nothing.
        return list.Length == 0 ? "(NULL)" : $"({list})";
    }
}
