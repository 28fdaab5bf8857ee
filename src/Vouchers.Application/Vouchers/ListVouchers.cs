using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Vouchers;

/// <summary>Paged, filtered list of vouchers (status, program, province, enterprise, provider, submission date range).</summary>
public sealed record ListVouchers(
    VoucherStatus? Status = null, Guid? ProgramId = null, string? ProvinceCode = null, string? TaxCode = null, Guid? ProviderId = null,
    DateOnly? SubmittedFrom = null, DateOnly? SubmittedTo = null, int Page = 1, int PageSize = 20) : IQuery<Page<VoucherView>>, IPagedQuery;

public sealed class ListVouchersValidator : AbstractValidator<ListVouchers>
{
    public ListVouchersValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Status).IsInEnum().When(q => q.Status is not null);
        RuleFor(q => q.SubmittedFrom).SupportedDate();
        RuleFor(q => q.SubmittedTo).SupportedDate();
        RuleFor(q => q.SubmittedTo).GreaterThanOrEqualTo(q => q.SubmittedFrom).When(q => q.SubmittedFrom is not null && q.SubmittedTo is not null);
    }
}

public sealed class ListVouchersHandler(IVouchersDb db, IRequestContext request, TimeProvider clock) : IRequestHandler<ListVouchers, Page<VoucherView>>
{
    public async Task<Page<VoucherView>> Handle(ListVouchers q, CancellationToken ct)
    {
        var query = VoucherAccess.Visible(db.Vouchers.AsNoTracking(), request); // ownership, whatever the filters ask for
        if (q.Status is { } status) query = query.Where(v => v.Status == status);
        if (q.ProgramId is { } programId) query = query.Where(v => v.ProgramId == programId);
        if (q.ProviderId is { } providerId) query = query.Where(v => v.ProviderId == providerId);
        if (q.TaxCode is not null)
        {
            var taxCode = TaxCode.Parse(q.TaxCode);
            query = query.Where(v => v.EnterpriseTaxCode == taxCode);
        }
        if (q.ProvinceCode is not null)
        {
            var province = Province.FromCode(q.ProvinceCode).Code;
            query = query.Where(v => db.Programs.Any(p => p.Id == v.ProgramId && p.ProvinceCode == province));
        }
        if (q.SubmittedFrom is { } from) { var start = VietnamTime.StartOf(from); query = query.Where(v => v.SubmittedAt >= start); }
        if (q.SubmittedTo is { } to) { var end = VietnamTime.StartOf(to.AddDays(1)); query = query.Where(v => v.SubmittedAt < end); }

        var now = clock.GetUtcNow();
        return await query.OrderByDescending(v => v.SubmittedAt).ThenBy(v => v.Id).ToPageAsync(q, v => VoucherView.From(v, now, request.Actor), ct);
    }
}
