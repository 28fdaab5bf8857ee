namespace Vouchers.Domain.Common;

/// <summary>
/// Who did something: the authenticated subject and the role they acted in, recorded on every transition; and, for
/// a user whose identity binds them to a service provider, that provider (segregation of duties needs it: a
/// provider's people may not accept what their provider delivered, whoever of them delivered it).
/// </summary>
public sealed record Actor(string Subject, string Role, Guid? ProviderId = null)
{
    public static readonly Actor System = new("system", "system");
}
