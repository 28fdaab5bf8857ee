using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Vouchers.Application.Abstractions;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Programs;
using Vouchers.Application.Localization;

namespace Vouchers.Application.Programs;

/// <summary>A size class's caps in whole đồng, as clients send and read them.</summary>
public sealed record ProgramCapAmounts(SizeClass Size, long PerVoucher, long PerSmePerYear);

/// <summary>
/// An administrator drafts a support program on a fund. Its envelope moves only when finance approves it.
/// <c>minimumSupport</c> (default 0: any support above zero) is the smallest support a redemption may fix;
/// <c>priceMarginPercent</c> (default 0) how far a contract value may exceed the provider's list price.
/// </summary>
public sealed record CreateProgram(
    string Code, Guid FundId, int FiscalYear, string Name, long Envelope, IReadOnlyList<ServiceKind> EligibleServiceKinds,
    IReadOnlyList<ProviderKind> EligibleProviderKinds, IReadOnlyList<Sector>? EligibleSectors, decimal SupportRatePercent,
    IReadOnlyList<ProgramCapAmounts> Caps, int VoucherValidityDays, DateOnly ApplicationOpens, DateOnly ApplicationCloses,
    long? MinimumSupport = null, int? PriceMarginPercent = null, bool? Nationwide = null)
    : ICommand<ProgramView>
{
    public ProgramTerms ToTerms() => new(Name, Money.Vnd(Envelope), EligibleServiceKinds, EligibleProviderKinds, EligibleSectors ?? [],
        SupportRate.FromPercent(SupportRatePercent), Caps.Select(c => new ProgramCap(c.Size, Money.Vnd(c.PerVoucher), Money.Vnd(c.PerSmePerYear))).ToArray(),
        VoucherValidityDays, ApplicationOpens, ApplicationCloses, Money.Vnd(MinimumSupport ?? 0), PriceMarginPercent ?? 0, Nationwide ?? false);
}

public sealed class CreateProgramValidator : AbstractValidator<CreateProgram>
{
    public CreateProgramValidator()
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(40);
        RuleFor(c => c.FundId).NotEmpty();
        RuleFor(c => c.FiscalYear).SupportedFiscalYear();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Text.NameMax);
        RuleFor(c => c.Envelope).GreaterThan(0);
        RuleFor(c => c.EligibleServiceKinds).Cascade(CascadeMode.Stop).NotEmpty().Must(l => l.Count <= 10);
        RuleForEach(c => c.EligibleServiceKinds).IsInEnum();
        RuleFor(c => c.EligibleProviderKinds).Cascade(CascadeMode.Stop).NotEmpty().Must(l => l.Count <= 10);
        RuleForEach(c => c.EligibleProviderKinds).IsInEnum();
        RuleFor(c => c.EligibleSectors).Must(l => l is null || l.Count <= 20);
        RuleForEach(c => c.EligibleSectors).IsInEnum();
        RuleFor(c => c.SupportRatePercent).GreaterThan(0).LessThanOrEqualTo(100);
        RuleFor(c => c.Caps).Cascade(CascadeMode.Stop).NotEmpty().Must(l => l.Count <= 3);
        RuleForEach(c => c.Caps).NotNull().WithMessage("'caps' must not contain null.").WithErrorCode(ValidationCodes.NoNullItems);
        RuleForEach(c => c.Caps).ChildRules(cap =>
        {
            cap.RuleFor(x => x.Size).IsInEnum();
            cap.RuleFor(x => x.PerVoucher).GreaterThan(0);
            cap.RuleFor(x => x.PerSmePerYear).GreaterThan(0);
        });
        RuleFor(c => c.VoucherValidityDays).InclusiveBetween(1, 730);
        RuleFor(c => c.ApplicationOpens).SupportedDate();
        RuleFor(c => c.ApplicationCloses).SupportedDate();
        RuleFor(c => c.ApplicationCloses).GreaterThanOrEqualTo(c => c.ApplicationOpens);
        RuleFor(c => c.MinimumSupport).GreaterThanOrEqualTo(0).When(c => c.MinimumSupport is not null);
        RuleFor(c => c.PriceMarginPercent).InclusiveBetween(0, 100).When(c => c.PriceMarginPercent is not null);
    }
}

public sealed class CreateProgramHandler(IVouchersDb db, TimeProvider clock) : IRequestHandler<CreateProgram, ProgramView>
{
    public async Task<ProgramView> Handle(CreateProgram c, CancellationToken ct)
    {
        var fund = await db.Funds.FirstOrDefaultAsync(f => f.Id == c.FundId, ct) ?? throw new NotFoundException("fund", c.FundId);
        var program = SupportProgram.Draft(c.Code, fund, c.FiscalYear, c.ToTerms(), clock.GetUtcNow());
        if (await db.Programs.AnyAsync(p => p.Code == program.Code, ct))
            throw new BusinessRuleException("program.code-taken", $"A program with code {program.Code} already exists.");
        db.Programs.Add(program);
        return ProgramView.From(program);
    }
}
