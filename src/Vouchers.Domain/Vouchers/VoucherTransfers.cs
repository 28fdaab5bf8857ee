using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Programs;

namespace Vouchers.Domain.Vouchers;

/// <summary>
/// The ledger transfers a voucher's steps ask for, one per money-moving step, in the shapes
/// <see cref="VoucherLedgerAgreement"/> checks them against: the commitment at issue (pending), its release (void) or its
/// settlement (post) for the accepted amount, the disbursement, and a clawback.
/// </summary>
internal static class VoucherTransfers
{
    /// <summary>Issue: the face value, pending, from the program's budget to its payable account.</summary>
    public static TransferRequest Commitment(Voucher v, SupportProgram program, Money face, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), program.OwnYearAccounts().Budget, program.OwnYearAccounts().Payable, face,
            TransferKind.Commitment, TransferPhase.Pending, Reference: v.Code, Reason: "Cam kết kinh phí phiếu hỗ trợ", VoucherId: v.Id);

    /// <summary>Withdrawal, expiry or cancellation of an issued voucher: the whole commitment is voided.</summary>
    public static TransferRequest Release(Voucher v, string reason, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), Guid.Empty, Guid.Empty, v.FaceValue!.Value, TransferKind.Release, TransferPhase.VoidPending,
            PendingId: v.CommitmentTransferId, Reference: v.Code, Reason: reason, VoucherId: v.Id);

    /// <summary>Payment authorised: the commitment is posted for the accepted amount (the ledger returns the rest to the budget).</summary>
    public static TransferRequest Settlement(Voucher v, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), Guid.Empty, Guid.Empty, v.AcceptedAmount!.Value, TransferKind.Settlement,
            TransferPhase.PostPending, PendingId: v.CommitmentTransferId, Reference: v.EInvoiceNumber,
            Reason: $"Duyệt thanh toán phiếu {v.Code}", VoucherId: v.Id, ProviderId: v.ProviderId);

    /// <summary>The treasury paid the provider: the accepted amount from payable to disbursed.</summary>
    public static TransferRequest Disbursement(Voucher v, ProgramYearAccounts accounts, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), accounts.Payable, accounts.Disbursed, v.AcceptedAmount!.Value,
            TransferKind.Disbursement, Reference: v.PaymentReference, Reason: $"Chi trả phiếu {v.Code}", VoucherId: v.Id, ProviderId: v.ProviderId);

    /// <summary>
    /// Chuyển nguồn: the commitment of the year that ended is voided, its amount leaves that year's program budget for the
    /// year's carried-forward account, arrives from the next year's brought-forward account in that year's program budget,
    /// and is committed there again (pending, the face value): four transfers, one linked batch.
    /// </summary>
    public static IReadOnlyList<TransferRequest> CarryOver(Voucher v, CarryOverAccounts a, string decisionNumber, DateTimeOffset now)
    {
        var face = v.FaceValue!.Value;
        var (from, to) = (a.From.FiscalYear, a.To.FiscalYear);
        return
        [
            new(Guid.CreateVersion7(now), Guid.Empty, Guid.Empty, face, TransferKind.CarryOverRelease, TransferPhase.VoidPending,
                PendingId: v.CommitmentTransferId, Reference: decisionNumber, Reason: $"Chuyển nguồn phiếu {v.Code}: kết thúc cam kết năm {from}", VoucherId: v.Id),
            new(Guid.CreateVersion7(now), a.From.Budget, a.CarriedForward, face, TransferKind.CarryForward,
                Reference: decisionNumber, Reason: $"Chuyển nguồn phiếu {v.Code} sang năm {to}", VoucherId: v.Id),
            new(Guid.CreateVersion7(now), a.BroughtForward, a.To.Budget, face, TransferKind.BringForward,
                Reference: decisionNumber, Reason: $"Nguồn năm {from} chuyển sang cho phiếu {v.Code}", VoucherId: v.Id),
            new(Guid.CreateVersion7(now), a.To.Budget, a.To.Payable, face, TransferKind.Commitment, TransferPhase.Pending,
                Reference: v.Code, Reason: $"Cam kết kinh phí phiếu hỗ trợ (chuyển nguồn năm {from})", VoucherId: v.Id),
        ];
    }

    /// <summary>Thu hồi: back to the program's budget, from disbursed if the voucher was paid, else from payable.</summary>
    public static TransferRequest Clawback(Voucher v, ProgramYearAccounts accounts, Money amount, string reason, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), v.Status == VoucherStatus.Paid ? accounts.Disbursed : accounts.Payable,
            accounts.Budget, amount, TransferKind.Clawback,
            Reference: v.Code, Reason: "Thu hồi: " + reason, VoucherId: v.Id, ProviderId: v.ProviderId);
}
