using FluentValidation;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Finance approves a recommended application: the face value (default: the requested amount) is committed from
/// the program's budget as a pending transfer, and the voucher is issued. Refused if the envelope cannot cover it.
/// At or above <see cref="ApprovalPolicy.SecondApprovalFrom"/> (configuration <c>Approval:SecondApprovalFrom</c>) the
/// first approval only proposes the amount (AwaitingSecondApproval, nothing to execute); a second, different finance
/// officer's approval commits it. The same command serves both approvals. Issuance signs the voucher's QR token
/// (serial 1) in the same transaction, so an issued voucher always has its QR.
/// </summary>
public sealed record ApproveVoucher(Guid VoucherId, long? Amount) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class ApproveVoucherValidator : AbstractValidator<ApproveVoucher>
{
    public ApproveVoucherValidator() => RuleFor(c => c.Amount).GreaterThan(0).When(c => c.Amount is not null);
}

public sealed class ApproveVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock, ApprovalPolicy policy,
    IVoucherTokens tokens) : MoneyMovingVoucherCommandHandler<ApproveVoucher>(db, ledger, request, clock)
{
    /// <summary>A null transfer (first of two approvals) means there is nothing to execute.</summary>
    protected override async Task<TransferRequest?> Apply(ApproveVoucher c, VoucherCommandScope s)
    {
        // What the officer already issued alone to this enterprise is read, then may grow (four eyes count cumulatively):
        // one enterprise's approvals queue, so two approvals at once cannot each slip under the threshold.
        await s.Db.QueueForEnterpriseAsync(s.Voucher.HeadOfficeTaxCode, s.Ct);
        var commitment = s.Voucher.Approve(await s.ProgramAsync(), c.Amount is { } a ? Money.Vnd(a) : null, await s.HeldByEnterpriseAsync(), policy, s.Actor, s.Now,
            await s.ApprovedAloneByActorAsync());
        if (commitment is not null) VoucherQrIssue.SignNext(s.Voucher, tokens, s.Now);
        return commitment;
    }
}
