using FluentValidation;

namespace Vouchers.Application.Abstractions;

public sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(p => p.Page).InclusiveBetween(1, 100_000);
        RuleFor(p => p.PageSize).InclusiveBetween(1, PageRequest.MaxPageSize);
    }
}
