namespace Vouchers.Domain.Common;

/// <summary>Who did something: the authenticated subject and the role they acted in. Recorded on every transition.</summary>
public sealed record Actor(string Subject, string Role)
{
    public static readonly Actor System = new("system", "system");
}
