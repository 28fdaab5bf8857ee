using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentValidation;
using Vouchers.Application.Localization;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Api.Tests;

/// <summary>
/// Problem details in Vietnamese by default and in English on <c>Accept-Language: en</c> (the test clients' default), with
/// <c>Content-Language</c>; the catalogue (<see cref="ProblemTexts"/>) has a message for every code the source can raise.
/// </summary>
public class ProblemLanguageTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly Scenario _s = new(factory);

    // ---- the catalogue -------------------------------------------------------------------------------------------

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vouchers.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Vouchers.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(Root(), f), File.ReadAllText(f)));

    private const string CodeShape = @"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*";

    /// <summary>
    /// The codes the source raises, read from it: a code literal as the first argument of an exception (<c>new
    /// BusinessRuleException("…"</c>, <c>: DomainException("…"</c>), anywhere in the arguments of a problem the API builds
    /// (<c>ProblemMapping.Problem(…, "…")</c>, <c>Validation</c>), a refused token's (<c>new("auth.…"</c>), a guard's name, the
    /// codes the problem details service adds by status (<c>401 =&gt; "auth.unauthenticated"</c>), a code given to an illegal
    /// transition (<c>voucher.already-redeemed</c>); and by reflection every
    /// rule's <c>Code</c>, every constant of <see cref="SegregationOfDuties"/>, every ledger result and every QR fault.
    /// </summary>
    public static IReadOnlySet<string> CodesInTheSource()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var patterns = new[]
        {
            $@"(?:BusinessRule|Conflict|SegregationOfDuties|Domain)Exception\(\s*""(?<code>{CodeShape})""",
            @"DomainException\(\s*""(?<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)""", // a code of one word: not-found
            $@"\b(?:Problem|Validation)\([\s\S]{{0,400}}?""(?<code>{CodeShape})""\s*\)",
            $@"IllegalTransitionException\([^;]*?""(?<code>{CodeShape})""",
            @"new\(""(?<code>auth\.[a-z0-9]+(?:-[a-z0-9]+)*)""",
            $@"guardName:\s*""(?<code>{CodeShape})""",
            $@"\b\d{{3}} => ""(?<code>{CodeShape})""",
        };
        foreach (var (_, text) in Sources())
        foreach (var pattern in patterns)
        foreach (Match m in Regex.Matches(text, pattern, RegexOptions.Singleline))
            codes.Add(m.Groups["code"].Value);
        codes.Add("error"); // what the problem details service adds for any other status (Program.cs)

        var domain = typeof(Voucher).Assembly;
        foreach (var rule in domain.GetTypes().Where(t => typeof(IBusinessRule).IsAssignableFrom(t)))
        foreach (var field in rule.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            codes.Add((string)field.GetRawConstantValue()!);
        foreach (var type in new[] { typeof(SegregationOfDuties), typeof(Domain.Providers.ServiceProvider), typeof(VoucherLifecycle), typeof(RelatedParty) })
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            codes.Add((string)field.GetRawConstantValue()!);
        foreach (var result in Enum.GetValues<LedgerResult>()) codes.Add(LedgerException.CodeOf(result));
        foreach (var fault in Enum.GetValues<TokenFault>().Where(f => f != default)) codes.Add("qr." + QrFaults.Reason(fault));
        foreach (var reason in new[] { QrFaults.Superseded, QrFaults.NotFound, QrFaults.RedeemedElsewhere }) codes.Add("qr." + reason);
        codes.Add("voucher.illegal-transition"); // the table's entity "voucher" + ".illegal-transition" (DomainErrors)
        return codes;
    }

    [Fact]
    public void EveryCodeTheSourceCanRaise_HasAVietnameseMessage()
    {
        var codes = CodesInTheSource();
        // the scan found what it must (else it would pass by finding nothing)
        foreach (var known in new[] { "voucher.budget-year-ended", "program.per-voucher-cap-exceeded", "sod.recommender-cannot-approve", "ledger.exceeds-credits",
                     "qr.signature", "auth.token-lifetime-too-long", "auth.unauthenticated", "rate-limit.exceeded", "idempotency.key-reused", "idempotency.in-flight",
                     "request.malformed", "request.too-large", "request.unsupported-media-type", "concurrency.conflict", "not-found", "value.invalid",
                     "validation.failed", "database.unavailable", "province.out-of-scope", "voucher.expired", "year-end.year-not-ended", "redemption.related-party",
                     "program.closed", "provider.suspended", "dev.unknown-user", "enterprise.profile-change-pending" })
            Assert.Contains(known, codes);
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found in the source");

        var missing = codes.Where(c => !ProblemTexts.Has(c)).Order().ToList();
        Assert.True(missing.Count == 0, "no Vietnamese message for: " + string.Join(", ", missing));
        Assert.False(ProblemTexts.Has("voucher.no-such-rule")); // Has is no yes-to-everything
    }

    [Fact]
    public void EveryMessageOfTheCatalogue_IsVietnameseText_InNormalFormC()
    {
        var texts = ProblemTexts.Codes.Select(c => ProblemTexts.Message(c)!)
            .Concat(ProblemTexts.ValidationMessages.Values)
            .Concat(new[] { 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503 }.Select(s => ProblemTexts.Title(s, null)))
            .ToList();
        foreach (var text in texts)
        {
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.True(text.IsNormalized(NormalizationForm.FormC), text);
        }
        // every code of the catalogue is one the source raises (no message for a code that is gone)
        var raised = CodesInTheSource();
        Assert.Empty(ProblemTexts.Codes.Where(c => !raised.Contains(c)).Order());
    }

    [Fact]
    public void EveryOwnValidationMessage_NamesItsVietnamese_AndFluentValidationSpeaksVietnamese()
    {
        foreach (var (file, text) in Sources())
        {
            var messages = Regex.Matches(text, @"\.WithMessage\(").Count;
            var codes = Regex.Matches(text, @"\.WithErrorCode\(ValidationCodes\.(?<name>[A-Za-z0-9]+)\)");
            Assert.True(messages == codes.Count, $"{file}: {messages} .WithMessage, {codes.Count} .WithErrorCode(ValidationCodes.…): give each message its Vietnamese");
        }
        foreach (var field in typeof(ValidationCodes).GetFields().Where(f => f.IsLiteral))
            Assert.True(ProblemTexts.ValidationMessages.ContainsKey((string)field.GetRawConstantValue()!), $"ValidationCodes.{field.Name} has no Vietnamese");
        var vi = ValidatorOptions.Global.LanguageManager.GetString("NotEmptyValidator", CultureInfo.GetCultureInfo("vi"));
        Assert.NotEqual(ValidatorOptions.Global.LanguageManager.GetString("NotEmptyValidator", CultureInfo.GetCultureInfo("en")), vi);
        Assert.Contains("không", vi, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessage_NamesTheValuesTheErrorCarries_OrDoesWithoutThem()
    {
        var ended = new BusinessRuleException("voucher.budget-year-ended", "…") { Values = new Dictionary<string, object> { ["budgetYear"] = 2026, ["nextYear"] = 2027 } };
        Assert.StartsWith("Năm ngân sách 2026 của phiếu đã kết thúc: phiếu phải được Sở Tài chính quyết định chuyển nguồn sang năm 2027", ProblemTexts.Message(ended));
        Assert.Equal("Năm ngân sách của phiếu đã kết thúc: phiếu phải được chuyển nguồn sang năm sau trước khi sử dụng.",
            ProblemTexts.Message(new BusinessRuleException("voucher.budget-year-ended", "…")));
        Assert.Equal("Trường «purpose» không được để trống.", ProblemTexts.Message(new InvalidValueException("purpose", "is required.", "không được để trống.")));
        Assert.Equal("Trường «code» không hợp lệ.", ProblemTexts.Message(new InvalidValueException("code", "may contain only ASCII letters.")));
        Assert.Equal("Phiếu đang ở trạng thái «Đã cấp phiếu» nên không thể «Nghiệm thu» lúc này. Hãy tải lại phiếu để xem các thao tác còn được phép.",
            ProblemTexts.Message(new IllegalTransitionException("voucher", "Issued", "Accept", ["Withdraw"])));
        Assert.Equal("Mỗi phiếu được hỗ trợ tối đa 50.000.000 ₫ đối với doanh nghiệp nhỏ: hãy giảm số tiền đề nghị.",
            ProblemTexts.Message("program.per-voucher-cap-exceeded", new Dictionary<string, object> { ["cap"] = Money.Vnd(50_000_000), ["size"] = Domain.Enterprises.SizeClass.Small }));
    }

    // ---- end to end ------------------------------------------------------------------------------------------------

    /// <summary>A client with no Accept-Language (the service's default: Vietnamese), or with the one given.</summary>
    private static HttpClient In(HttpClient client, string? language)
    {
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    /// <summary>The problem, its body read as strict UTF-8 (a byte that is not UTF-8 throws) and its Content-Language.</summary>
    private static async Task<(JsonNode Problem, string Language)> Problem(Task<HttpResponseMessage> call, int status)
    {
        var response = await call;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(text)); // round trip
        var language = Assert.Single(response.Content.Headers.ContentLanguage.Concat(response.Headers.TryGetValues("Content-Language", out var h) ? h : []).Distinct());
        return (JsonNode.Parse(text)!, language);
    }

    private static void AssertVietnamese(JsonNode problem, string language)
    {
        Assert.Equal("vi", language);
        foreach (var text in new[] { problem["title"]!.GetValue<string>(), problem["detail"]!.GetValue<string>() })
        {
            Assert.True(text.IsNormalized(NormalizationForm.FormC), text);
            Assert.Matches("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", text.ToLowerInvariant());
        }
    }

    private async Task<(JsonNode Vi, JsonNode En)> Both(Func<HttpClient> client, Func<HttpClient, Task<HttpResponseMessage>> call, int status)
    {
        var (vi, viLanguage) = await Problem(call(In(client(), null)), status);
        AssertVietnamese(vi, viLanguage);
        var (en, enLanguage) = await Problem(call(In(client(), "en")), status);
        Assert.Equal("en", enLanguage);
        // the same problem: code, type, status, field and the keys of errors do not change with the language
        foreach (var member in new[] { "code", "type", "status", "field", "reason" })
            Assert.Equal(en[member]?.ToJsonString(), vi[member]?.ToJsonString());
        Assert.Equal(en["errors"]?.AsObject().Select(e => e.Key), vi["errors"]?.AsObject().Select(e => e.Key));
        return (vi, en);
    }

    [Fact]
    public async Task ARuleRefusal422_IsVietnameseWithItsValues_AndEnglishOnRequest()
    {
        var program = (await _s.Program())["id"]!.GetValue<string>();
        var taxCode = await _s.NewSme();
        var body = new { programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 60_000_000, purpose = "Vượt mức trần" };
        var (vi, en) = await Both(() => factory.As(TestUser.Sme(taxCode)), c => c.PostAsJsonAsync("/api/sme/applications", body, TestHttp.Json), 422);
        Assert.Equal("program.per-voucher-cap-exceeded", vi["code"]!.GetValue<string>());
        Assert.Equal("Vi phạm quy định nghiệp vụ", vi["title"]!.GetValue<string>());
        Assert.Equal("Mỗi phiếu được hỗ trợ tối đa 50.000.000 ₫ đối với doanh nghiệp nhỏ: hãy giảm số tiền đề nghị.", vi["detail"]!.GetValue<string>());
        Assert.Equal("Business rule violated", en["title"]!.GetValue<string>());
        Assert.Equal("At most 50.000.000 ₫ per voucher for Small enterprises.", en["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AValidation400_GivesEachFieldsReasonInVietnamese_UnderTheSameKeys()
    {
        var program = (await _s.Program())["id"]!.GetValue<string>();
        var taxCode = await _s.NewSme();
        var body = new { programId = program, serviceKind = "DigitalTransformationConsulting", requestedAmount = 0, purpose = "" };
        var (vi, en) = await Both(() => factory.As(TestUser.Sme(taxCode)), c => c.PostAsJsonAsync("/api/sme/applications", body, TestHttp.Json), 400);
        Assert.Equal("validation.failed", vi["code"]!.GetValue<string>());
        Assert.Equal("Yêu cầu không hợp lệ", vi["title"]!.GetValue<string>());
        Assert.Equal(["purpose", "requestedAmount"], vi["errors"]!.AsObject().Select(e => e.Key).Order());
        var amount = vi["errors"]!["requestedAmount"]![0]!.GetValue<string>();
        var purpose = vi["errors"]!["purpose"]![0]!.GetValue<string>();
        // FluentValidation's Vietnamese, naming the field as errors does
        Assert.Contains("'requestedAmount'", amount, StringComparison.Ordinal);
        Assert.Contains("'0'", amount, StringComparison.Ordinal);
        Assert.Contains("'purpose'", purpose, StringComparison.Ordinal);
        Assert.Equal(ValidatorOptions.Global.LanguageManager.GetString("NotEmptyValidator", CultureInfo.GetCultureInfo("vi")).Replace("{PropertyName}", "purpose"), purpose);
        Assert.Contains("purpose: " + purpose, vi["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("requestedAmount: " + amount, vi["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("'Requested Amount' must be greater than '0'.", en["errors"]!["requestedAmount"]![0]!.GetValue<string>());
        Assert.Equal("The request is invalid", en["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProjectValidationMessage_HasItsVietnamese()
    {
        var (vi, en) = await Both(() => factory.As(TestUser.Reviewer), c => c.GetAsync("/api/reviewer/enterprise-changes?taxCode=123"), 400);
        Assert.Equal("'123' không phải mã số thuế hợp lệ.", vi["errors"]!["taxCode"]![0]!.GetValue<string>());
        Assert.Equal("'123' is not a tax code.", en["errors"]!["taxCode"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ANotFound404_ANoToken401_AndAWrongRole403_AreVietnamese()
    {
        var missing = Guid.NewGuid();
        var (vi, en) = await Both(() => _s.As(TestUser.Sme(_s.SmeTaxCode)), c => c.GetAsync($"/api/sme/vouchers/{missing}"), 404);
        Assert.Equal("not-found", vi["code"]!.GetValue<string>());
        Assert.Equal("Không tìm thấy", vi["title"]!.GetValue<string>());
        Assert.Equal("Không tìm thấy phiếu, hoặc bạn không có quyền xem phiếu này.", vi["detail"]!.GetValue<string>());
        Assert.Equal($"voucher '{missing}' was not found.", en["detail"]!.GetValue<string>());

        var (anonymous, _) = await Both(() => factory.CreateClient(), c => c.GetAsync("/api/sme/vouchers"), 401);
        Assert.Equal("auth.unauthenticated", anonymous["code"]!.GetValue<string>());
        Assert.Equal("Chưa đăng nhập", anonymous["title"]!.GetValue<string>());
        Assert.Equal("Bạn cần đăng nhập (gửi mã truy cập hợp lệ) để dùng chức năng này.", anonymous["detail"]!.GetValue<string>());

        var (forbidden, _) = await Both(() => factory.As(TestUser.Reviewer), c => c.GetAsync("/api/sme/vouchers"), 403);
        Assert.Equal("auth.forbidden", forbidden["code"]!.GetValue<string>());
        Assert.Equal("Vai trò của bạn không được dùng chức năng này.", forbidden["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AConflict409_AndAReusedIdempotencyKey_AreVietnamese_AndKeepTheirExtensions()
    {
        var id = await _s.Issued(5_000_000);
        var (vi, en) = await Both(() => factory.As(TestUser.Finance), c => c.Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()), 409);
        Assert.Equal("voucher.illegal-transition", vi["code"]!.GetValue<string>());
        Assert.Equal("Thao tác không được phép ở trạng thái hiện tại", vi["title"]!.GetValue<string>());
        Assert.Equal("Phiếu đang ở trạng thái «Đã cấp phiếu» nên không thể «Phê duyệt» lúc này. Hãy tải lại phiếu để xem các thao tác còn được phép.",
            vi["detail"]!.GetValue<string>());
        Assert.Equal(en["allowedTransitions"]!.ToJsonString(), vi["allowedTransitions"]!.ToJsonString());
        Assert.Equal("Issued", vi["state"]!.GetValue<string>());

        var key = TestHttp.Key();
        var other = await _s.Issued(5_000_000);
        await _s.Finance.Post($"/api/finance/vouchers/{other}/cancel", new { reason = "Hủy thử" }, key).Ok();
        var (reused, reusedEn) = await Both(() => factory.As(TestUser.Finance), c => c.Post($"/api/finance/vouchers/{other}/cancel", new { reason = "Lý do khác" }, key), 422);
        Assert.Equal("idempotency.key-reused", reused["code"]!.GetValue<string>());
        Assert.Equal("Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho mỗi yêu cầu mới.", reused["detail"]!.GetValue<string>());
        Assert.Equal("Idempotency-Key reused", reusedEn["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "vi")]
    [InlineData("vi", "vi")]
    [InlineData("vi-VN,vi;q=0.9", "vi")]
    [InlineData("en", "en")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("fr-FR", "vi")]
    [InlineData("fr-FR, en;q=0.5", "en")]
    [InlineData("en;q=0.4, vi;q=0.8", "vi")]
    [InlineData("en;q=0, *", "vi")]
    public async Task AcceptLanguage_PicksVietnameseOrEnglish_VietnameseByDefault(string? acceptLanguage, string expected)
    {
        var (problem, language) = await Problem(In(factory.CreateClient(), acceptLanguage).GetAsync("/api/sme/vouchers"), 401);
        Assert.Equal(expected, language);
        Assert.Equal(expected == "vi" ? "Chưa đăng nhập" : "Unauthorized", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAuditTrail_KeepsTheEnglishDetail_WhateverTheCallersLanguage()
    {
        var id = await _s.Issued(5_000_000);
        await Problem(In(factory.As(TestUser.Finance), null).Post($"/api/finance/vouchers/{id}/approve", new { }, TestHttp.Key()), 409);
        var trail = await _s.Auditor.GetAsync($"/api/auditor/audit-trail?objectId={id}&outcome=Refused").Ok();
        var line = trail["items"]!.AsArray().Last(l => l!["reasonCode"]?.GetValue<string>() == "voucher.illegal-transition")!;
        Assert.StartsWith("voucher in state 'Issued' cannot 'Approve'", line["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
