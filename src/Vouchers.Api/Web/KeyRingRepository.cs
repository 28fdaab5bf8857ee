using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Vouchers.Infrastructure.KeyRing;

namespace Vouchers.Api.Web;

/// <summary>ASP.NET Core's key repository over <see cref="IKeyRingStore"/>: the pages' key ring in the service's database.</summary>
public sealed class KeyRingRepository(IKeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.ReadAll().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName) => store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
