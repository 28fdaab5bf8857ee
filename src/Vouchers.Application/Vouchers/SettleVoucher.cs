using Vouchers.Application.Abstractions;
using Vouchers.Application.Ledger;
using Vouchers.Domain.Ledger;

namespace Vouchers.Application.Vouchers;

/// <summary>
/// Finance authorises payment of a claimed voucher: its commitment is posted for the accepted amount and the rest
/// returns to the program's budget in the same ledger step.
/// </summary>
public sealed record SettleVoucher(Guid VoucherId) : IVoucherCommand, IMoneyCommand<VoucherView>;

public sealed class SettleVoucherHandler(IVouchersDb db, LedgerPostings ledger, IRequestContext request, TimeProvider clock)
    : MoneyMovingVoucherCommandHandler<SettleVoucher>(db, ledger, request, clock)
{
    protected override async Task<TransferRequest?> Apply(SettleVoucher c, VoucherCommandScope s) =>
        s.Voucher.Settle(await s.ProgramAsync(), s.Actor, s.Now);
}
