using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Vouchers.Api.Auth;
using Vouchers.Api.Http;
using Vouchers.Api.Web;
using Vouchers.Application.Qr;
using Vouchers.Application.Vouchers;
using Vouchers.Infrastructure;

namespace Vouchers.Api.Pages.Provider;

/// <summary>
/// The provider's front desk: read the voucher (the camera or a photo, decoded in the browser by jsQR into the token
/// field; the token pasted; or the printed code and the SME's tax code), see the verify answer in words, enter the
/// contract, see the support and the co-payment (<see cref="QuoteRedemption"/>), then confirm: the confirm form carries
/// a <see cref="FormOnce"/> key, so a double click or a resubmitted form redeems once. Every step sends the API's own
/// query or command; the posts are limited as the API's scans are (<see cref="ScanRateLimited"/>). The token travels in
/// the page's hidden fields from one step to the next: nothing is kept on the server between posts.
/// </summary>
[ScanRateLimited(PostsOnly = true)]
public sealed class ScanModel(IMediator mediator, RequestContext request, IStringLocalizer<ProviderText> text) : PageModel
{
    [BindProperty(Name = "token")] public string? Token { get; set; }
    [BindProperty(Name = "code")] public string? Code { get; set; }
    [BindProperty(Name = "taxCode")] public string? TaxCode { get; set; }
    [BindProperty(Name = "contractValue")] public string? ContractValue { get; set; }
    [BindProperty(Name = "contractNumber")] public string? ContractNumber { get; set; }
    [BindProperty(Name = FormOnce.Field)] public string? IdempotencyKey { get; set; }

    /// <summary>The verify answer, once a token or a code was checked.</summary>
    public TokenVerification? Verification { get; private set; }

    /// <summary>The token to redeem with: the one scanned, or the one the code stood for.</summary>
    public string? VerifiedToken { get; private set; }

    public RedemptionQuote? Quote { get; private set; }

    /// <summary>The confirm form's idempotency key, made when the quote was drawn.</summary>
    public string? ConfirmKey { get; private set; }

    public PageProblem? Problem { get; private set; }

    /// <summary>Which form the problem concerns, so it is shown there.</summary>
    public string? ProblemAt { get; private set; }

    private Guid ProviderId => request.BoundProviderId();

    public void OnGet() { }

    public Task<IActionResult> OnPostVerifyAsync(CancellationToken ct) => Refusable("token", async () =>
    {
        Verification = await mediator.Send(new VerifyVoucherToken((Token ?? "").Trim(), ProviderId), ct);
        VerifiedToken = Verification.Valid ? (Token ?? "").Trim() : null;
        return Page();
    });

    public Task<IActionResult> OnPostCodeAsync(CancellationToken ct) => Refusable("code", async () =>
    {
        var answer = await mediator.Send(new VerifyVoucherCode(Code ?? "", TaxCode ?? "", ProviderId), ct);
        Verification = new TokenVerification(answer.Valid, answer.Reason, answer.ReasonLabel, answer.Voucher);
        VerifiedToken = answer.Token;
        return Page();
    });

    public Task<IActionResult> OnPostQuoteAsync(CancellationToken ct) => Refusable("contract", async () =>
    {
        await VerifyAgainAsync(ct);
        var value = ParseAmount();
        if (value is null) return Page();
        Quote = await mediator.Send(new QuoteRedemption(VerifiedToken ?? "", ProviderId, value.Value), ct);
        ConfirmKey = FormOnce.NewKey();
        return Page();
    });

    public Task<IActionResult> OnPostRedeemAsync(CancellationToken ct) => Refusable("contract", async () =>
    {
        var value = ParseAmount();
        if (value is null)
        {
            await VerifyAgainAsync(ct);
            return Page();
        }
        var token = (Token ?? "").Trim();
        var number = ContractNumber ?? "";
        var redeemed = await FormOnce.RunAsync(HttpContext, IdempotencyKey ?? "", "RedeemVoucher", [token, value.Value, number],
            () => mediator.Send(new RedeemVoucher(token, ProviderId, value.Value, number), ct));
        return Redirect($"/provider/vouchers/{redeemed.Id}?done=redeemed");
    });

    /// <summary>The contract steps show the voucher again: its answer as it stands now, from the token in the form.</summary>
    private async Task VerifyAgainAsync(CancellationToken ct)
    {
        var token = (Token ?? "").Trim();
        Verification = await mediator.Send(new VerifyVoucherToken(token, ProviderId), ct);
        VerifiedToken = Verification.Valid ? token : null;
    }

    /// <summary>The contract value as typed: digits, with the dots, spaces or commas a person writes between thousands.</summary>
    private long? ParseAmount()
    {
        if (Display.ParseWhole(ContractValue, out _) is { } v and > 0 and <= 999_999_999_999_999) return v;
        ModelState.AddModelError("contractValue", text["Redeem.ContractValueInvalid"]);
        return null;
    }

    private async Task<IActionResult> Refusable(string at, Func<Task<IActionResult>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
            ProblemAt = at;
            problem.AddTo(ModelState);
            return Page();
        }
    }
}
