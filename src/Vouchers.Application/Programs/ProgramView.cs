using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Programs;

public sealed record ProgramView(Guid Id, string Code, string Name, Guid FundId, string FundKind, string ProvinceCode, int FiscalYear,
    long Envelope, string EnvelopeInWords, string Status, IReadOnlyList<string> EligibleServiceKinds, IReadOnlyList<string> EligibleProviderKinds,
    IReadOnlyList<string> EligibleSectors, IReadOnlyList<string> EligibleSizes, decimal SupportRatePercent, IReadOnlyList<ProgramCapAmounts> Caps,
    int VoucherValidityDays, DateOnly ApplicationOpens, DateOnly ApplicationCloses, string? EnvelopeDecisionNumber, DateOnly? EnvelopeDecisionDate,
    bool IsDemo, long MinimumSupport, int PriceMarginPercent, string? AmendmentDecisionNumber = null, DateOnly? AmendmentDecisionDate = null,
    string? ClosureDecisionNumber = null, DateOnly? ClosureDecisionDate = null, DateTimeOffset? ClosedAt = null, bool Nationwide = false)
{
    public static ProgramView From(SupportProgram p) => new(p.Id, p.Code, p.Name, p.FundId, p.FundKind.ToString(), p.ProvinceCode, p.FiscalYear,
        p.Envelope.Dong, p.Envelope.ToWords(), p.Status.ToString(), p.EligibleServiceKinds.Select(k => k.ToString()).ToArray(),
        p.EligibleProviderKinds.Select(k => k.ToString()).ToArray(), p.EligibleSectors.Select(k => k.ToString()).ToArray(),
        p.EligibleSizes.Select(k => k.ToString()).ToArray(), p.SupportRate.BasisPoints / 100m,
        p.Caps.Select(c => new ProgramCapAmounts(c.Size, c.PerVoucher.Dong, c.PerSmePerYear.Dong)).ToArray(),
        p.VoucherValidityDays, p.ApplicationOpens, p.ApplicationCloses, p.EnvelopeDecisionNumber, p.EnvelopeDecisionDate, p.IsDemo,
        p.MinimumSupport.Dong, p.PriceMarginPercent, p.AmendmentDecisionNumber, p.AmendmentDecisionDate, p.ClosureDecisionNumber,
        p.ClosureDecisionDate, p.ClosedAt, p.Nationwide);
}
