using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Trace;

/// <summary>
/// One voucher's money, from its commitment to the provider's bank: the commitment (face value reserved), the provider
/// and contract, the acceptance, the settlement (accepted amount posted, the rest released), the disbursement and its
/// payment reference, the clawbacks, and the sums of what moved (<see cref="VoucherMoney"/>). <c>budgetYear</c> is the
/// year whose budget pays it; <c>carryOvers</c> its CarryForward transfers, one per year-end decision that carried its
/// commitment into the next year (chuyển nguồn), whose commitment is then <c>commitment</c>.
/// </summary>
public sealed record VoucherTrace(Guid Id, string Code, string Status, string StatusLabel, string EnterpriseTaxCode, string? EnterpriseName,
    string ServiceKind, long? FaceValue, DateOnly? ValidUntil, TransferLine? Commitment, PartyRef? Provider, string? ContractNumber,
    long? ContractValue, long? SupportAmount, long? CoPayment, long? AcceptedAmount, string? AcceptanceDecisionNumber, string? EInvoiceNumber,
    TransferLine? Settlement, TransferLine? Release, TransferLine? Disbursement, string? PaymentReference, IReadOnlyList<TransferLine> Clawbacks,
    VoucherMoney Money, int BudgetYear, IReadOnlyList<TransferLine> CarryOvers);

/// <summary>Builds <see cref="VoucherTrace"/>s for vouchers of one program, with their transfers read in one query.</summary>
internal static class VoucherTraces
{
    public sealed record Built(VoucherTrace Trace, IReadOnlyList<LedgerTransfer> Transfers);

    public static async Task<IReadOnlyList<Built>> BuildAsync(IVouchersDb db, SupportProgram program, IReadOnlyList<Voucher> vouchers, CancellationToken ct)
    {
        var ids = vouchers.Select(v => v.Id).ToList();
        var transfers = await db.LedgerTransfers.AsNoTracking()
            .Where(t => t.VoucherId != null && ids.Contains(t.VoucherId.Value)).InExecutionOrder().ToListAsync(ct);
        var lines = await TransferLines.LoadAsync(db, transfers, ct);
        var providerIds = vouchers.Where(v => v.ProviderId != null).Select(v => v.ProviderId!.Value).Distinct().ToList();
        var providers = (await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.TaxCode }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => new PartyRef(p.Id, p.Name, p.TaxCode.Value));
        var enterpriseIds = vouchers.Select(v => v.EnterpriseId).Distinct().ToList();
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var byVoucher = transfers.ToLookup(t => t.VoucherId!.Value);
        var payables = (await db.LedgerAccounts.AsNoTracking().Where(a => a.ProgramId == program.Id && a.Code == AccountCode.ProgramPayable)
            .Select(a => a.Id).ToListAsync(ct)).ToHashSet();

        return vouchers.Select(v =>
        {
            var own = byVoucher[v.Id].ToList();
            var trail = new MoneyTrail(payables);
            own.ForEach(trail.Add);
            TransferLine? Last(TransferKind kind) => own.LastOrDefault(t => t.Kind == kind) is { } t ? lines.Of(t) : null;
            var commitment = own.FirstOrDefault(t => t.Id == v.CommitmentTransferId) is { } c ? lines.Of(c) : null;
            var trace = new VoucherTrace(v.Id, v.Code, v.Status.ToString(), VoucherLifecycle.Vi(v.Status), v.EnterpriseTaxCode.Value,
                enterprises.GetValueOrDefault(v.EnterpriseId), v.ServiceKind.ToString(), v.FaceValue?.Dong, v.ValidUntil, commitment,
                v.ProviderId is { } p ? providers.GetValueOrDefault(p) : null, v.ContractNumber, v.ContractValue?.Dong, v.SupportAmount?.Dong,
                v.CoPayment?.Dong, v.AcceptedAmount?.Dong, v.AcceptanceDecisionNumber, v.EInvoiceNumber, Last(TransferKind.Settlement),
                Last(TransferKind.Release), Last(TransferKind.Disbursement), v.PaymentReference,
                own.Where(t => t.Kind == TransferKind.Clawback).Select(lines.Of).ToArray(), trail.Voucher, v.BudgetYear,
                own.Where(t => t.Kind == TransferKind.CarryForward).Select(lines.Of).ToArray());
            return new Built(trace, own);
        }).ToArray();
    }
}
