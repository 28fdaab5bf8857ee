using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vouchers.Api.Endpoints;

/// <summary>
/// What the OpenAPI document says about the service as a whole, beyond each endpoint's own summary and results: its
/// title, licence, what each tag (one per actor) is for, and the answer every operation can get (429 from the rate
/// limiter). OpenApiDocumentTests hold the document to the rules a client generator and a reader need.
/// </summary>
public static class OpenApiDescription
{
    /// <summary>One per group of endpoints (WithTags), in the words the README and docs/api.md use.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["SME"] = "Doanh nghiệp: the caller's own enterprise, its applications and vouchers, the voucher's QR code and card. The enterprise is the one the token is bound to; another enterprise's voucher is answered 404.",
        ["Reviewer"] = "Sở Khoa học và Công nghệ: recommend, return or reject applications; accept deliveries (nghiệm thu); decide declared enterprise profile changes.",
        ["Finance"] = "Sở Tài chính: budget allocations and program envelopes, approval (budget commitment), payment authorisation (settle), disbursement, cancellation and claw-back.",
        ["Provider"] = "Nhà cung cấp: verify and redeem a voucher by its QR token, report delivery, claim payment. A provider sees only the vouchers it redeemed.",
        ["Administrator"] = "Quản trị: reference data (funds, programs, providers) and ledger checkpoints. No money moves here.",
        ["Auditor"] = "Kiểm toán: read-only — the ledger journal and its checks, the seal chain's verification, positions, reconciliation, traces, exports and the audit trail.",
        ["Public"] = "Công khai: programs, providers, who received how much, the lifecycle diagram and the public signing keys. No token, no personal data.",
        ["Development only"] = "Tokens for the demo users, minted by the service itself. Mapped only in Development; elsewhere tokens come from the province's OpenID Connect provider.",
    };

    public static Task DescribeDocument(OpenApiDocument doc, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        doc.Info.Title = "Vouchers — phiếu hỗ trợ tài chính cho DNNVV";
        doc.Info.Description = "Financial-support vouchers for SMEs: application → review → approval (budget commitment) → redemption → delivery → acceptance → payment, on a double-entry ledger. " +
            "Problem details (RFC 7807) carry a stable `code`; their `title`, `detail` and validation reasons are Vietnamese unless `Accept-Language` asks for English (`en`), as `Content-Language` says.";
        // The repository grants no licence: the document says so rather than name one nobody chose.
        doc.Info.License = new OpenApiLicense { Name = "Proprietary: all rights reserved (no licence granted)", Identifier = "LicenseRef-Proprietary" };
        foreach (var tag in doc.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is not null && Tags.TryGetValue(tag.Name, out var description)) tag.Description = description;
        DescribeProperty(doc, "VoucherView", "allowedActions", AllowedActions);
        // the server URL is the request's base, which ends in "/": paths start with one already
        foreach (var server in doc.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        return Task.CompletedTask;
    }

    /// <summary>What a voucher's <c>allowedActions</c> lists (Application's <c>VoucherActions</c>).</summary>
    public const string AllowedActions =
        "What the caller may do next with this voucher, in the role the request acts in: the lifecycle table's triggers permitted in " +
        "the voucher's state that this role sends (an SME: Withdraw, Resubmit, ConfirmDelivery, Dispute; a reviewer: Recommend, " +
        "ReturnForInfo, Reject, Accept, RequestRework, Dispute; finance: Approve, Reject, Extend, Cancel, Settle, Disburse, ClawBack, " +
        "CarryOver; a provider: Deliver, ClaimPayment), less what the voucher's own checks refuse this caller (segregation of duties, " +
        "four eyes, the provider it is bound to, a settlement after its budget year ended). Rules on other data (the program's envelope " +
        "and caps, an e-invoice already used) are checked when the step is sent. Auditors are offered nothing.";

    private static void DescribeProperty(OpenApiDocument doc, string schema, string property, string description)
    {
        if (doc.Components?.Schemas is { } schemas && schemas.TryGetValue(schema, out var s)
            && s.Properties is { } properties && properties.TryGetValue(property, out var p) && p is OpenApiSchema target)
            target.Description = description;
    }

    public static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Responses ??= new OpenApiResponses();
        // every route but the health probes (not in the document) is behind the global rate limiter (RateLimits)
        operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many requests: over a rate limit; Retry-After says when to try again" });
        return Task.CompletedTask;
    }
}
