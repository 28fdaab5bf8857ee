using MediatR;
using Microsoft.Extensions.Localization;
using Vouchers.Application.Vouchers;

namespace Vouchers.Api.Pages.Reviewer;

/// <summary>The deliveries to accept (nghiệm thu, <see cref="ReviewDesk.Acceptance"/>): delivered and delivery-confirmed vouchers unless another status is asked for.</summary>
public sealed class AcceptanceModel(IMediator mediator, IStringLocalizer<ReviewerText> text) : QueueModel(mediator, text)
{
    protected override ReviewDesk Desk => ReviewDesk.Acceptance;
    public override string Path => "/reviewer/acceptance";
}
