using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Programs;

namespace Vouchers.Application.Programs;

public sealed record ListPrograms(string? ProvinceCode = null, ProgramStatus? Status = null, int? FiscalYear = null, Guid? FundId = null,
    int Page = 1, int PageSize = 20) : IQuery<Page<ProgramView>>, IPagedQuery;

public sealed class ListProgramsValidator : AbstractValidator<ListPrograms>
{
    public ListProgramsValidator()
    {
        this.AddPagingRules();
        RuleFor(q => q.Status).IsInEnum().When(q => q.Status is not null);
    }
}

public sealed class ListProgramsHandler(IVouchersDb db) : IRequestHandler<ListPrograms, Page<ProgramView>>
{
    public async Task<Page<ProgramView>> Handle(ListPrograms q, CancellationToken ct)
    {
        var query = db.Programs.AsNoTracking();
        if (q.ProvinceCode is not null) { var code = Province.FromCode(q.ProvinceCode).Code; query = query.Where(p => p.ProvinceCode == code); }
        if (q.Status is { } status) query = query.Where(p => p.Status == status);
        if (q.FiscalYear is { } year) query = query.Where(p => p.FiscalYear == year);
        if (q.FundId is { } fund) query = query.Where(p => p.FundId == fund);
        return await query.OrderBy(p => p.Code).ToPageAsync(q, ProgramView.From, ct);
    }
}
