using System.Globalization;
using System.Text;
using Vouchers.Domain.Common;
using Vouchers.Domain.Providers;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// Conflict of interest at redemption (<c>redemption.related-party</c>): a provider may not redeem a voucher of an
/// enterprise that is, by the facts the service holds, the same party — whatever the price, the SME would be paying
/// itself with public money. The facts:
/// <list type="bullet">
/// <item>the same enterprise: the provider's tax code and the applicant's share the 10-digit head-office code (a branch is the enterprise);</item>
/// <item>the same person: the user redeeming is a user who acted for the SME on this voucher (applied, resubmitted, withdrew, confirmed);</item>
/// <item>the same name: the registered names are equal once case, diacritics, punctuation and spacing are set aside.</item>
/// </list>
/// </summary>
public static class RelatedParty
{
    public const string Rule = "redemption.related-party";

    /// <summary>Why the provider (and the user acting for it) is related to the voucher's enterprise, or null when nothing shows it is.</summary>
    public static string? Between(Voucher voucher, ServiceProvider provider, Actor actor)
    {
        if (provider.TaxCode.HeadOffice.Value == voucher.EnterpriseTaxCode.HeadOffice.Value)
            return $"the provider's tax code {provider.TaxCode} belongs to the applicant enterprise {voucher.EnterpriseTaxCode.HeadOffice}";
        if (voucher.History.Any(h => h.ActorRole == "sme" && string.Equals(h.ActorSubject, actor.Subject, StringComparison.Ordinal)))
            return $"'{actor.Subject}' acted for the applicant enterprise on this voucher";
        if (voucher.Eligibility is { } applicant && SameName(applicant.Name, provider.Name))
            return $"the provider '{provider.Name}' has the applicant enterprise's registered name";
        return null;
    }

    /// <summary>Names compared as a person would read them: case, Vietnamese diacritics (đ as d), punctuation and spacing set aside.</summary>
    public static bool SameName(string a, string b)
    {
        var x = Key(a);
        return x.Length > 0 && x == Key(b);
    }

    private static string Key(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var l = char.ToLowerInvariant(c);
            if (l == 'đ') l = 'd';
            if (char.IsLetterOrDigit(l)) sb.Append(l);
        }
        return sb.ToString();
    }
}
