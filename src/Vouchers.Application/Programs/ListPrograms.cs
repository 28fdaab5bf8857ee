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
        // a province's programs are its own and those open to every province (toàn quốc)
        if (q.ProvinceCode is not null) { var code = Province.FromCode(q.ProvinceCode).Code; query = query.Where(p => p.ProvinceCode == code || p.Nationwide); }
        if (q.Status is { } status) query = query.Where(p => p.Status == status);
        if (q.FiscalYear is { } year) query = query.Where(p => p.FiscalYear == year);
        if (q.FundId is { } fund) query = query.Where(p => p.FundId == fund);
        return await query.OrderBy(p => p.Code).ToPageAsync(q, ProgramView.From, ct);
    }
}

/// <summary>
/// The programs an SME may apply to (issue 16): the open programs of its own province and those open to every province
/// (toàn quốc), by code. The enterprise's declared province decides; an SME without a profile has none yet.
/// </summary>
public sealed record ListProgramsForEnterprise(string TaxCode, int Page = 1, int PageSize = 20) : IQuery<Page<ProgramView>>, IPagedQuery;

public sealed class ListProgramsForEnterpriseValidator : AbstractValidator<ListProgramsForEnterprise>
{
    public ListProgramsForEnterpriseValidator() => this.AddPagingRules();
}

public sealed class ListProgramsForEnterpriseHandler(IVouchersDb db) : IRequestHandler<ListProgramsForEnterprise, Page<ProgramView>>
{
    public async Task<Page<ProgramView>> Handle(ListProgramsForEnterprise q, CancellationToken ct)
    {
        var taxCode = Domain.Enterprises.TaxCode.Parse(q.TaxCode);
        var province = await db.Enterprises.AsNoTracking().Where(e => e.TaxCode == taxCode).Select(e => e.ProvinceCode).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("enterprise", taxCode);
        return await db.Programs.AsNoTracking().Where(p => p.Status == ProgramStatus.Open && (p.ProvinceCode == province || p.Nationwide))
            .OrderBy(p => p.Code).ToPageAsync(q, ProgramView.From, ct);
    }
}
