using System.Xml.Linq;
using Chama.Data.Dashboard;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Chama.Bot.Dashboard;

/// <summary>
/// Data Protection's key repository over the chama database, so a cookie or form token issued by one host is honoured
/// by every other host on the same database (no sticky sessions needed).
/// </summary>
/// <remarks>The interface is synchronous; it is called when the key ring is first loaded or rolled (rarely), never per request.</remarks>
public sealed class DatabaseKeyRing(KeyRingStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        keys.ListAsync().GetAwaiter().GetResult().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        keys.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
