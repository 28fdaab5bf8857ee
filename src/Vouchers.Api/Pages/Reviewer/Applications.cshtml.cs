using MediatR;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Vouchers;

namespace Vouchers.Api.Pages.Reviewer;

/// <summary>The applications to review (<see cref="ReviewDesk.Review"/>): submitted ones unless another status is asked for.</summary>
public sealed class ApplicationsModel(IMediator mediator, IStringLocalizer<ReviewerText> text) : QueueModel(mediator, text)
{
    protected override ReviewDesk Desk => ReviewDesk.Review;
    public override string Path => "/reviewer/applications";
}
