using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>An SME applies to a program for a voucher. No money moves until finance approves.</summary>
public sealed record ApplyForVoucher(string TaxCode, Guid ProgramId, ServiceKind ServiceKind, long RequestedAmount, string Purpose)
    : ICommand<VoucherView>;

public sealed class ApplyForVoucherValidator : AbstractValidator<ApplyForVoucher>
{
    public ApplyForVoucherValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty();
        RuleFor(c => c.ServiceKind).IsInEnum();
        RuleFor(c => c.RequestedAmount).GreaterThan(0);
        RuleFor(c => c.Purpose).NotEmpty().MaximumLength(Text.LongMax);
    }
}

public sealed class ApplyForVoucherHandler(IVouchersDb db, IRequestContext request, TimeProvider clock)
    : IRequestHandler<ApplyForVoucher, VoucherView>
{
    public async Task<VoucherView> Handle(ApplyForVoucher command, CancellationToken ct)
    {
        var taxCode = TaxCode.Parse(command.TaxCode);
        // the yearly cap is read, then an application added: one enterprise's applications queue, so the cap holds at the commit
        await db.QueueForEnterpriseAsync(taxCode.HeadOffice.Value, ct);
        var sme = await db.Enterprises.FirstOrDefaultAsync(e => e.TaxCode == taxCode, ct) ?? throw new NotFoundException("enterprise", taxCode);
        var program = await db.Programs.FirstOrDefaultAsync(p => p.Id == command.ProgramId, ct) ?? throw new NotFoundException("program", command.ProgramId);
        request.InProvince(program.ProvinceCode);
        var held = await VoucherQueries.HeldByEnterpriseAsync(db, taxCode.HeadOffice.Value, program.Id, null, ct);
        var now = clock.GetUtcNow();
        var voucher = Voucher.Apply(program, sme, command.ServiceKind, Money.Vnd(command.RequestedAmount), command.Purpose, held, request.Actor, now);
        db.Vouchers.Add(voucher);
        return VoucherView.From(voucher, now, request.Actor);
    }
}
