using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Funds;

namespace Vouchers.Application.Funds;

/// <summary>An administrator registers a province's fund (one per province and kind). No money moves.</summary>
public sealed record CreateFund(string ProvinceCode, FundKind Kind, string? Name) : ICommand<FundView>;

public sealed class CreateFundValidator : AbstractValidator<CreateFund>
{
    public CreateFundValidator()
    {
        RuleFor(c => c.ProvinceCode).NotEmpty().MaximumLength(40);
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Name).MaximumLength(Text.NameMax);
    }
}

public sealed record FundView(Guid Id, string ProvinceCode, string Kind, string Name, bool IsDemo)
{
    public static FundView From(Fund f) => new(f.Id, f.ProvinceCode, f.Kind.ToString(), f.Name, f.IsDemo);
}

public sealed class CreateFundHandler(IVouchersDb db, TimeProvider clock, IRequestContext request) : IRequestHandler<CreateFund, FundView>
{
    public async Task<FundView> Handle(CreateFund c, CancellationToken ct)
    {
        var fund = Fund.Create(c.ProvinceCode, c.Kind, c.Name, clock.GetUtcNow());
        ProvinceScope.EnsureWithin(request, fund.ProvinceCode);
        if (await db.Funds.AnyAsync(f => f.ProvinceCode == fund.ProvinceCode && f.Kind == fund.Kind, ct))
            throw new BusinessRuleException("fund.already-exists", $"{fund.ProvinceCode} already has a {fund.Kind} fund.");
        db.Funds.Add(fund);
        return FundView.From(fund);
    }
}
