using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// What the finance officer asking would meet on a voucher before clicking, by the domain's own rules, so a page (or a
/// client) shows it beside the step instead of after a refusal: which of the finance steps segregation of duties forbids
/// this officer (<see cref="SegregationOfDuties.Forbidding"/>: the recommender's approval, the first approver's second
/// one, the approver's or authoriser's payment), and whether approving the requested amount now needs a second officer
/// (<see cref="ApprovalPolicy.NeedsSecondApproval(Money, Money)"/>, counted with what this officer already issued alone
/// to the enterprise in the program, as <see cref="ApproveVoucher"/> counts it). Reads only; a voucher the caller may
/// not see is answered as one that does not exist.
/// </summary>
public sealed record GetFinanceOutlook(Guid VoucherId) : IQuery<FinanceOutlook>;

/// <param name="ApprovalAmount">What an approval now would commit or propose: the first approver's proposal when one waits, else the requested amount.</param>
/// <param name="SecondApprovalFrom">The four-eyes threshold (whole đồng); null when one approval always suffices.</param>
/// <param name="ApprovedAloneByYou">What this officer already issued alone to the same enterprise in the program (the threshold counts it).</param>
/// <param name="NeedsSecondApproval">True when the voucher waits for its second approval, or when this officer's approval of it now would only be the first of two.</param>
/// <param name="FirstApprover">Who gave the first of two approvals (the subject), when the voucher waits for the second.</param>
/// <param name="ApproveForbidden">The segregation-of-duties code that forbids this officer to approve it, or null.</param>
/// <param name="SettleForbidden">The same for authorising its payment (settle).</param>
/// <param name="DisburseForbidden">The same for recording its payment (disburse).</param>
public sealed record FinanceOutlook(Guid VoucherId, string Status, long ApprovalAmount, long? SecondApprovalFrom, long ApprovedAloneByYou,
    bool NeedsSecondApproval, string? FirstApprover, string? ApproveForbidden, string? SettleForbidden, string? DisburseForbidden);

public sealed class GetFinanceOutlookHandler(IVouchersDb db, IRequestContext request, ApprovalPolicy policy) : IRequestHandler<GetFinanceOutlook, FinanceOutlook>
{
    public async Task<FinanceOutlook> Handle(GetFinanceOutlook q, CancellationToken ct)
    {
        var v = await VoucherAccess.LoadVisibleAsync(db.Vouchers.AsNoTracking(), q.VoucherId, request, ct);
        var actor = request.Actor;
        var history = v.History;
        var waiting = v.Status == VoucherStatus.AwaitingSecondApproval;
        var amount = waiting ? v.ProposedAmount ?? v.RequestedAmount : v.RequestedAmount;
        var alone = v.Status == VoucherStatus.Recommended
            ? await VoucherQueries.ApprovedAloneAsync(db, v.HeadOfficeTaxCode, v.ProgramId, v.Id, actor.Subject, ct)
            : Money.Zero;
        var needsSecond = waiting || (v.Status == VoucherStatus.Recommended && policy.NeedsSecondApproval(amount, alone));
        var first = waiting ? history.LastOrDefault(h => h.To == VoucherStatus.AwaitingSecondApproval)?.ActorSubject : null;
        string? Forbidding(VoucherTrigger step) => SegregationOfDuties.Forbidding(step, v.Status, history, actor, v.ProviderId);
        return new FinanceOutlook(v.Id, v.Status.ToString(), amount.Dong,
            policy.SecondApprovalFrom.Dong == long.MaxValue ? null : policy.SecondApprovalFrom.Dong, alone.Dong, needsSecond, first,
            Forbidding(VoucherTrigger.Approve), Forbidding(VoucherTrigger.Settle), Forbidding(VoucherTrigger.Disburse));
    }
}
