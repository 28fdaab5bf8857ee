using Vouchers.Infrastructure;

namespace Vouchers.Api.Auth;

/// <summary>The organisation the caller's token binds it to. The role policies guarantee it is there.</summary>
public static class BoundOrganisation
{
    public static string BoundTaxCode(this RequestContext rc) =>
        rc.Caller.TaxCode?.Value ?? throw new InvalidOperationException("The SME policy admitted a caller without a tax code.");

    public static Guid BoundProviderId(this RequestContext rc) =>
        rc.Caller.ProviderId ?? throw new InvalidOperationException("The provider policy admitted a caller without a provider id.");
}
