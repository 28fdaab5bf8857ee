using System.Globalization;
using System.Text.RegularExpressions;
using Vouchers.Application.Abstractions;
using Vouchers.Application.Exports;
using Vouchers.Application.Programs;
using Vouchers.Application.Qr;
using Vouchers.Domain.Common;
using Vouchers.Domain.Enterprises;
using Vouchers.Domain.Ledger;
using Vouchers.Domain.Vouchers;

namespace Vouchers.Application.Localization;

/// <summary>
/// The Vietnamese text of every problem the service answers, by its stable <c>code</c> (the API's problem details and,
/// later, the web pages read the same catalogue), and a Vietnamese title per kind of problem. A message may name the
/// values the error carries structurally (<see cref="DomainException.Values"/>, a not-found's thing, an illegal
/// transition's state and step) with <c>{name}</c> placeholders; it then has a plain form beside it for an error that gives
/// none. English messages stay where they are (the exceptions' own, FluentValidation's); this is the other language.
/// <para>Codes that are not one literal each are families: <c>ledger.*</c> (<see cref="LedgerResult"/>), <c>qr.*</c>
/// (<see cref="QrFaults"/>), <c>{entity}.illegal-transition</c>. <c>ProblemTextsTests</c> hold the catalogue to every code
/// the source can raise.</para>
/// </summary>
public static partial class ProblemTexts
{
    /// <summary>The languages problems are answered in; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["vi", "en"];

    private sealed record Text(string Plain, string? WithValues = null);

    private static readonly Dictionary<string, Text> Messages = new(StringComparer.Ordinal)
    {
        // ---- requests, authentication, the machinery -------------------------------------------------------------------
        ["validation.failed"] = new("Yêu cầu có dữ liệu không hợp lệ: xem lý do của từng trường bên dưới, sửa lại rồi gửi lại."),
        ["value.invalid"] = new("Giá trị không hợp lệ: sửa lại rồi gửi lại.", "Trường «{field}» {reason}"),
        ["request.malformed"] = new("Không đọc được yêu cầu: nội dung không đúng định dạng JSON mà chức năng này nhận, hoặc thiếu hay thừa một trường.",
            "Không đọc được yêu cầu: trường hoặc tham số «{field}» sai định dạng, bị thiếu hoặc không được nhận."),
        ["request.too-large"] = new("Nội dung gửi lên quá lớn."),
        ["request.unsupported-media-type"] = new("Chức năng này chỉ nhận nội dung dạng application/json."),
        ["not-found"] = new("Không tìm thấy nội dung yêu cầu, hoặc bạn không có quyền xem nội dung này.",
            "Không tìm thấy {what}, hoặc bạn không có quyền xem {what} này."),
        ["concurrency.conflict"] = new("Dữ liệu vừa được người khác thay đổi cùng lúc nên yêu cầu chưa được thực hiện. Vui lòng gửi lại."),
        ["database.unavailable"] = new("Mất kết nối tới cơ sở dữ liệu khi đang xử lý, nên chưa rõ yêu cầu đã được thực hiện hay chưa. Hãy gửi lại với cùng " +
            "Idempotency-Key: yêu cầu đã thực hiện sẽ được trả lại kết quả đã lưu và không bao giờ bị thực hiện hai lần."),
        ["idempotency.key-required"] = new("Yêu cầu này cần tiêu đề Idempotency-Key (1–100 ký tự ASCII nhìn thấy được, ví dụ một UUID)."),
        ["idempotency.key-reused"] = new("Idempotency-Key này đã được dùng cho một yêu cầu khác. Hãy dùng khóa mới cho mỗi yêu cầu mới."),
        ["idempotency.in-flight"] = new("Một yêu cầu với cùng Idempotency-Key vẫn đang được xử lý. Vui lòng thử lại sau ít phút."),
        ["rate-limit.exceeded"] = new("Bạn đã gửi quá nhiều yêu cầu loại này. Vui lòng thử lại sau khoảng thời gian ghi trong tiêu đề Retry-After."),
        ["auth.unauthenticated"] = new("Bạn cần đăng nhập (gửi mã truy cập hợp lệ) để dùng chức năng này."),
        ["auth.forbidden"] = new("Vai trò của bạn không được dùng chức năng này."),
        ["auth.token-claim-too-long"] = new("Mã truy cập có một thông tin (claim) dài hơn mức dịch vụ lưu được; liên hệ quản trị hệ thống đăng nhập."),
        ["auth.token-claim-invalid"] = new("Mã truy cập có thông tin (claim) chứa ký tự điều khiển; liên hệ quản trị hệ thống đăng nhập."),
        ["auth.token-issued-in-future"] = new("Mã truy cập ghi thời điểm cấp ở tương lai; kiểm tra đồng hồ của hệ thống đăng nhập."),
        ["auth.token-lifetime-too-long"] = new("Mã truy cập có thời hạn dài hơn mức dịch vụ chấp nhận; liên hệ quản trị hệ thống đăng nhập."),
        ["province.out-of-scope"] = new("Cán bộ chỉ được thao tác trong phạm vi tỉnh của mình."),
        ["dev.unknown-user"] = new("Không có người dùng mẫu này; xem danh sách tại GET /api/dev/users."),
        ["dev.demo-data-missing"] = new("Nhà cung cấp mẫu chưa có trong cơ sở dữ liệu (DemoData:Enabled có đang tắt không?)."),
        ["error"] = new("Đã xảy ra lỗi khi xử lý yêu cầu. Vui lòng thử lại sau; nếu vẫn lỗi, liên hệ bộ phận hỗ trợ kèm mã traceId."),

        // ---- the voucher's lifecycle ----------------------------------------------------------------------------------
        ["voucher.illegal-transition"] = new("Phiếu đang ở trạng thái không cho phép thao tác này. Hãy tải lại phiếu để xem các thao tác còn được phép.",
            "Phiếu đang ở trạng thái «{state}» nên không thể «{action}» lúc này. Hãy tải lại phiếu để xem các thao tác còn được phép."),
        ["voucher.already-redeemed"] = new("Phiếu đã được sử dụng tại một nhà cung cấp; mỗi phiếu chỉ được sử dụng một lần."),
        ["voucher.expired"] = new("Phiếu đã hết hạn sử dụng nên không thể sử dụng hay gia hạn nữa."),
        ["voucher.validity-not-ended"] = new("Phiếu vẫn còn trong thời hạn sử dụng nên chưa thể chuyển sang hết hạn."),
        ["voucher.second-approval-required"] = new("Số tiền này cần phê duyệt hai cấp: lần phê duyệt này chuyển hồ sơ sang chờ phê duyệt lần hai."),
        ["voucher.second-approval-not-required"] = new("Số tiền này dưới ngưỡng phê duyệt hai cấp: một lần phê duyệt là đủ để cấp phiếu."),
        ["year-end.year-not-ended"] = new("Năm ngân sách của phiếu chưa kết thúc: chỉ được chuyển nguồn hoặc giải phóng cam kết sau ngày 31/12 của năm đó."),
        ["year-end.not-in-year"] = new("Phiếu hoặc chương trình này không dùng ngân sách của năm đã nêu: kiểm tra lại năm ngân sách trong quyết định."),
        ["voucher.budget-year-ended"] = new("Năm ngân sách của phiếu đã kết thúc: phiếu phải được chuyển nguồn sang năm sau trước khi sử dụng.",
            "Năm ngân sách {budgetYear} của phiếu đã kết thúc: phiếu phải được Sở Tài chính quyết định chuyển nguồn sang năm {nextYear} (hoặc giải phóng) " +
            "trước khi được sử dụng hay thanh toán."),
        ["voucher.approval-exceeds-request"] = new("Số tiền phê duyệt không được vượt quá số tiền doanh nghiệp đề nghị.",
            "Số tiền phê duyệt không được vượt quá số tiền doanh nghiệp đề nghị ({requested})."),
        ["voucher.second-approval-amount-differs"] = new("Người phê duyệt lần hai chỉ được xác nhận đúng số tiền đã đề xuất ở lần phê duyệt thứ nhất (hoặc từ chối)."),
        ["voucher.acceptance-exceeds-support"] = new("Giá trị nghiệm thu không được vượt quá số tiền hỗ trợ của phiếu.",
            "Giá trị nghiệm thu không được vượt quá số tiền hỗ trợ của phiếu ({support})."),
        ["voucher.clawback-out-of-range"] = new("Số tiền thu hồi phải từ 1 ₫ đến số tiền đã duyệt thanh toán.",
            "Số tiền thu hồi phải từ 1 ₫ đến số tiền đã duyệt thanh toán ({settled})."),
        ["voucher.e-invoice-already-claimed"] = new("Số hóa đơn điện tử này đã được dùng để đề nghị thanh toán cho một phiếu khác của đơn vị. Kiểm tra lại số hóa đơn.",
            "Hóa đơn điện tử số {invoice} đã được dùng để đề nghị thanh toán cho một phiếu khác của đơn vị. Kiểm tra lại số hóa đơn."),
        ["voucher.extension-not-later"] = new("Ngày gia hạn phải sau ngày hết hạn hiện tại của phiếu.",
            "Phiếu đang có hạn đến {current}: ngày gia hạn phải sau ngày này (đã nhập {requested})."),
        ["voucher.extension-beyond-limit"] = new("Ngày gia hạn vượt quá thời gian gia hạn tối đa mà chương trình cho phép.",
            "Chương trình chỉ cho gia hạn tổng cộng tối đa {days} ngày: phiếu được gia hạn muộn nhất đến {latest} (đã nhập {requested})."),
        ["voucher.not-issued"] = new("Hồ sơ chưa được cấp phiếu nên chưa có mã QR."),
        ["voucher.qr-not-current"] = new("Phiếu đã được sử dụng, đã kết thúc hoặc đã hết hạn nên mã QR không còn dùng được và không được hiển thị."),
        ["voucher.qr-not-issued"] = new("Phiếu được cấp trước khi có mã QR: hãy yêu cầu cấp lại mã QR để có mã mới."),
        ["voucher.qr-not-reissuable"] = new("Chỉ phiếu đã cấp, chưa sử dụng và còn hạn mới được cấp lại mã QR."),
        ["voucher.qr-reissue-limit"] = new("Phiếu đã được cấp mã QR quá số lần cho phép; vui lòng liên hệ cơ quan quản lý để được xem xét (hủy và cấp phiếu mới)."),

        // ---- redemption ----------------------------------------------------------------------------------------------
        ["redemption.related-party"] = new("Nhà cung cấp có quan hệ với doanh nghiệp được hỗ trợ (cùng mã số thuế, cùng người thao tác hoặc cùng tên) nên không được sử dụng phiếu này."),
        ["redemption.support-below-minimum"] = new("Với giá trị hợp đồng này, số tiền hỗ trợ thấp hơn mức tối thiểu của chương trình.",
            "Hợp đồng {contractValue} chỉ cho mức hỗ trợ {support}, thấp hơn mức tối thiểu {minimum} của chương trình."),
        ["redemption.contract-above-list-price"] = new("Giá trị hợp đồng vượt quá giá niêm yết của nhà cung cấp cho dịch vụ này (cộng biên độ chương trình cho phép).",
            "Giá trị hợp đồng {contractValue} vượt quá mức trần {ceiling} (giá niêm yết của nhà cung cấp cho dịch vụ này cộng biên độ chương trình cho phép)."),
        ["provider.not-accredited"] = new("Nhà cung cấp không có công nhận còn hiệu lực tại tỉnh của chương trình vào ngày hôm nay nên không được sử dụng phiếu."),
        ["provider.suspended"] = new("Công nhận của nhà cung cấp tại tỉnh này đang bị đình chỉ nên không được sử dụng phiếu."),
        ["provider.service-not-offered"] = new("Nhà cung cấp không đăng ký cung cấp loại dịch vụ của phiếu này."),
        ["program.provider-kind-not-eligible"] = new("Chương trình không chấp nhận loại nhà cung cấp này."),

        // ---- applications and programs -------------------------------------------------------------------------------
        ["program.closed"] = new("Chương trình đã đóng: không nhận thêm hồ sơ và không phê duyệt thêm phiếu."),
        ["program.not-open"] = new("Chương trình chưa mở (kinh phí chưa được phê duyệt) nên chưa nhận hồ sơ hay phê duyệt phiếu."),
        ["program.outside-application-window"] = new("Hôm nay không nằm trong thời gian nhận hồ sơ của chương trình.",
            "Chương trình chỉ nhận hồ sơ từ ngày {opens} đến ngày {closes}."),
        ["program.fiscal-year-ended"] = new("Năm ngân sách của chương trình đã kết thúc nên chương trình không phê duyệt thêm phiếu.",
            "Ngân sách năm {fiscalYear} của chương trình đã kết thúc (31/12/{fiscalYear}) nên chương trình không phê duyệt thêm phiếu."),
        ["program.size-not-eligible"] = new("Chương trình không hỗ trợ doanh nghiệp thuộc quy mô này."),
        ["program.sector-not-eligible"] = new("Chương trình không hỗ trợ ngành nghề của doanh nghiệp."),
        ["program.province-not-eligible"] = new("Chương trình chỉ hỗ trợ doanh nghiệp có trụ sở tại tỉnh của chương trình."),
        ["program.service-kind-not-eligible"] = new("Chương trình không hỗ trợ loại dịch vụ này."),
        ["program.below-minimum-support"] = new("Số tiền đề nghị thấp hơn mức hỗ trợ tối thiểu của chương trình.",
            "Số tiền đề nghị thấp hơn mức hỗ trợ tối thiểu {minimum} mỗi phiếu của chương trình."),
        ["program.per-voucher-cap-exceeded"] = new("Số tiền vượt quá mức hỗ trợ tối đa cho mỗi phiếu theo quy mô doanh nghiệp.",
            "Mỗi phiếu được hỗ trợ tối đa {cap} đối với doanh nghiệp {size}: hãy giảm số tiền đề nghị."),
        ["program.per-sme-year-cap-exceeded"] = new("Số tiền vượt quá mức hỗ trợ tối đa mỗi năm cho một doanh nghiệp trong chương trình.",
            "Mỗi doanh nghiệp được hỗ trợ tối đa {cap} trong năm {fiscalYear}; doanh nghiệp đã đề nghị hoặc đang giữ {held}, chỉ còn được đề nghị {remaining}."),
        ["program.envelope-not-approved"] = new("Kinh phí của chương trình chưa được Sở Tài chính phê duyệt."),
        ["program.envelope-already-approved"] = new("Kinh phí của chương trình đã được phê duyệt trước đó."),
        ["program.envelope-must-stay-positive"] = new("Không thể giảm kinh phí chương trình về 0: hãy đóng chương trình."),
        ["program.reduction-exceeds-available"] = new("Số tiền giảm vượt quá phần kinh phí chưa cam kết và chưa chi của chương trình.",
            "Chỉ còn {available} kinh phí chưa cam kết và chưa chi: không thể giảm nhiều hơn số này."),
        ["program.amendment-not-forward"] = new("Chỉ được điều chỉnh thời gian nhận hồ sơ về sau: ngày mở đã qua không đổi được, ngày đóng không được trước hôm nay."),
        ["program.terms-fixed-once-open"] = new("Chỉ được sửa điều kiện của chương trình khi còn là bản nháp."),
        ["program.code-taken"] = new("Mã chương trình này đã được dùng."),
        ["sme.not-an-sme"] = new("Doanh nghiệp không thuộc diện doanh nghiệp nhỏ và vừa theo Nghị định 80/2021/NĐ-CP."),
        ["enterprise.size-not-declared-for-year"] = new("Doanh nghiệp chưa kê khai số liệu của năm ngân sách của chương trình: hãy cập nhật hồ sơ doanh nghiệp với số liệu năm đó trước.",
            "Chương trình dùng ngân sách năm {fiscalYear}: hãy cập nhật hồ sơ doanh nghiệp với số liệu (lao động, doanh thu, vốn) của năm {fiscalYear} trước khi nộp hồ sơ."),
        ["enterprise.profile-under-review"] = new("Thay đổi tỉnh hoặc quy mô của doanh nghiệp đang chờ Sở Khoa học và Công nghệ xem xét; hồ sơ mới được nhận lại sau khi có quyết định."),
        ["enterprise.profile-change-pending"] = new("Một thay đổi tỉnh hoặc quy mô đang chờ xem xét; chưa thể sửa hồ sơ doanh nghiệp cho đến khi có quyết định."),
        ["enterprise.profile-change-not-pending"] = new("Thay đổi hồ sơ này không còn chờ quyết định."),

        // ---- funds, providers (reference data) -------------------------------------------------------------------------
        ["fund.already-exists"] = new("Tỉnh này đã có quỹ cùng loại."),
        ["fund.no-budget-for-year"] = new("Quỹ chưa được phân bổ ngân sách cho năm của chương trình."),
        ["budget.decision-already-recorded"] = new("Quyết định này đã được ghi nhận cho quỹ."),
        ["provider.already-registered"] = new("Nhà cung cấp có mã số thuế này đã được đăng ký."),
        ["provider.not-accredited-in-province"] = new("Nhà cung cấp chưa được công nhận tại tỉnh này."),
        ["provider.already-accredited-in-province"] = new("Nhà cung cấp đã được công nhận tại tỉnh này: hãy gia hạn công nhận thay vì công nhận mới."),
        ["provider.accreditation-not-active"] = new("Công nhận không ở trạng thái còn hiệu lực (đã bị đình chỉ hoặc thu hồi) nên không thể thực hiện quyết định này."),
        ["provider.accreditation-not-suspended"] = new("Công nhận không bị đình chỉ nên không có gì để khôi phục."),

        // ---- segregation of duties (tách bạch nhiệm vụ) ---------------------------------------------------------------
        [SegregationOfDuties.RecommenderCannotApprove] = new("Người đã đề xuất hồ sơ không được phê duyệt chính hồ sơ đó: cần một cán bộ Sở Tài chính khác."),
        [SegregationOfDuties.FourEyesSameOfficer] = new("Người đã phê duyệt lần một không được phê duyệt lần hai: cần một cán bộ Sở Tài chính khác."),
        [SegregationOfDuties.ApproverCannotAuthorisePayment] = new("Người đã phê duyệt phiếu không được duyệt thanh toán cho phiếu đó: cần một cán bộ khác."),
        [SegregationOfDuties.RecommenderCannotAuthorisePayment] = new("Người đã đề xuất hồ sơ không được duyệt thanh toán cho phiếu đó: cần một cán bộ khác."),
        [SegregationOfDuties.AcceptorCannotAuthorisePayment] = new("Người đã nghiệm thu không được duyệt thanh toán cho phiếu đó: cần một cán bộ khác."),
        [SegregationOfDuties.ApproverCannotRecordPayment] = new("Người đã phê duyệt phiếu không được ghi nhận chi trả cho phiếu đó: cần một cán bộ khác."),
        [SegregationOfDuties.RecommenderCannotRecordPayment] = new("Người đã đề xuất hồ sơ không được ghi nhận chi trả cho phiếu đó: cần một cán bộ khác."),
        [SegregationOfDuties.AuthoriserCannotRecordPayment] = new("Người đã duyệt thanh toán không được ghi nhận chi trả cho cùng phiếu: cần một cán bộ khác."),
        [SegregationOfDuties.ProviderCannotAcceptOwnDelivery] = new("Người của nhà cung cấp đã cung cấp dịch vụ không được xác nhận hay nghiệm thu chính dịch vụ đó."),
        ["sod.declarant-cannot-decide-own-change"] = new("Người đã kê khai thay đổi không được tự quyết định thay đổi đó."),

        // ---- the ledger ------------------------------------------------------------------------------------------------
        ["ledger.chain-broken"] = new("Chuỗi niêm phong của sổ cái không kiểm chứng được nên không ký điểm kiểm tra mới; kiểm toán viên cần kiểm tra sổ cái."),
        ["ledger.verification-running"] = new("Một lần kiểm tra sổ cái đang chạy; vui lòng hỏi lại khi lần đó kết thúc."),
        [LedgerException.CodeOf(LedgerResult.ExceedsCredits)] = new("Sổ cái từ chối bút toán: số dư còn lại của tài khoản (ngân sách quỹ hoặc kinh phí chương trình) không đủ."),
        [LedgerException.CodeOf(LedgerResult.ExceedsDebits)] = new("Sổ cái từ chối bút toán: số tiền vượt quá số dư của tài khoản."),
    };

    /// <summary>What a thing of <see cref="NotFoundException.What"/> is called.</summary>
    private static readonly Dictionary<string, string> Things = new(StringComparer.Ordinal)
    {
        ["voucher"] = "phiếu", ["program"] = "chương trình", ["enterprise"] = "doanh nghiệp", ["provider"] = "nhà cung cấp",
        ["fund"] = "quỹ", ["transfer"] = "bút toán", ["profile change"] = "thay đổi hồ sơ",
    };

    /// <summary>The codes written out one by one (the families are not listed: <see cref="Has"/> answers for them).</summary>
    public static IReadOnlyCollection<string> Codes => Messages.Keys;

    /// <summary>Whether the catalogue has a Vietnamese message for <paramref name="code"/> (one of its own, or its family's).</summary>
    public static bool Has(string code) => Find(code) is not null;

    /// <summary>
    /// The Vietnamese message for <paramref name="code"/>, naming <paramref name="values"/> where its form with values can
    /// (every placeholder given); null for a code the catalogue does not know.
    /// </summary>
    public static string? Message(string code, IReadOnlyDictionary<string, object>? values = null)
    {
        if (Find(code) is not { } text) return null;
        if (text.WithValues is { } template && values is { Count: > 0 } && Fill(template, values) is { } filled) return filled;
        return text.Plain;
    }

    /// <summary>
    /// The Vietnamese message of <paramref name="error"/>: its code's, with the values it carries (<see cref="DomainException.Values"/>
    /// and what its type says structurally: the thing not found, the state and step refused, the field and reason of a value).
    /// </summary>
    public static string? Message(DomainException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var values = new Dictionary<string, object>(error.Values, StringComparer.Ordinal);
        switch (error)
        {
            case NotFoundException n when Things.TryGetValue(n.What, out var thing):
                values["what"] = thing;
                break;
            case IllegalTransitionException t:
                values["state"] = Enum.TryParse<VoucherStatus>(t.State, out var state) && t.Entity == "voucher" ? VoucherLifecycle.Vi(state) : t.State;
                values["action"] = Enum.TryParse<VoucherTrigger>(t.Trigger, out var trigger) && t.Entity == "voucher" ? VoucherLifecycle.Vi(trigger) : t.Trigger;
                break;
            case InvalidValueException v:
                values["field"] = v.Field;
                values["reason"] = ValueReason(v);
                break;
        }
        return Message(error.Code, values);
    }

    /// <summary>The reason a value was refused, in Vietnamese: the site's own, or a general one.</summary>
    public static string ValueReason(InvalidValueException v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return v.ReasonVi ?? "không hợp lệ.";
    }

    /// <summary>The Vietnamese title of a problem of <paramref name="status"/> with <paramref name="code"/>: one per kind.</summary>
    public static string Title(int status, string? code)
    {
        code ??= "";
        return status switch
        {
            400 when code == "request.malformed" => "Yêu cầu không đọc được",
            400 => "Yêu cầu không hợp lệ",
            401 when code.StartsWith("auth.token-", StringComparison.Ordinal) => "Mã truy cập bị từ chối",
            401 => "Chưa đăng nhập",
            403 when code.StartsWith("sod.", StringComparison.Ordinal) => "Tách bạch nhiệm vụ",
            403 when code == "province.out-of-scope" => "Ngoài phạm vi tỉnh của bạn",
            403 => "Không có quyền",
            404 => "Không tìm thấy",
            405 => "Phương thức không được hỗ trợ",
            409 when code.EndsWith(".illegal-transition", StringComparison.Ordinal) || code == "voucher.already-redeemed" =>
                "Thao tác không được phép ở trạng thái hiện tại",
            409 when code.StartsWith("ledger.", StringComparison.Ordinal) => "Sổ cái từ chối bút toán",
            409 when code == "concurrency.conflict" => "Dữ liệu vừa bị thay đổi đồng thời",
            409 when code == "idempotency.in-flight" => "Yêu cầu đang được xử lý",
            409 => "Xung đột",
            413 => "Yêu cầu quá lớn",
            415 => "Định dạng nội dung không được hỗ trợ",
            422 when code.StartsWith("qr.", StringComparison.Ordinal) => "Mã QR của phiếu bị từ chối",
            422 when code == "idempotency.key-reused" => "Idempotency-Key đã được dùng",
            422 => "Vi phạm quy định nghiệp vụ",
            429 => "Quá nhiều yêu cầu",
            503 => "Cơ sở dữ liệu tạm thời không truy cập được",
            >= 500 => "Lỗi hệ thống",
            _ => "Không thực hiện được yêu cầu",
        };
    }

    // ---- FluentValidation: the project's own messages (each rule with .WithMessage names one of these with .WithErrorCode) ----

    /// <summary>The Vietnamese of the project's own validation messages, by the error code their rule carries; FluentValidation's placeholders ({PropertyName}, {PropertyValue}) as in the English.</summary>
    public static readonly IReadOnlyDictionary<string, string> ValidationMessages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ValidationCodes.NotATaxCode] = "'{PropertyValue}' không phải mã số thuế hợp lệ.",
        [ValidationCodes.NotAVoucherCode] = "Không phải mã phiếu (dạng PH-XXXX-XXXX-XXXX).",
        [ValidationCodes.NotAProvince] = "Không phải mã tỉnh, thành phố đã biết (GET /api/public/provinces liệt kê các mã).",
        [ValidationCodes.RejectionNeedsReason] = "Từ chối phải kèm lý do.",
        [ValidationCodes.YearEndNamesNone] = "Hãy nêu ít nhất một phiếu để chuyển nguồn hoặc giải phóng.",
        [ValidationCodes.YearEndTooMany] = $"Tối đa {DecideYearEndValidator.MaxVouchers} phiếu trong một yêu cầu.",
        [ValidationCodes.YearEndNamedTwice] = "Mỗi phiếu chỉ được nêu một lần: hoặc chuyển nguồn, hoặc giải phóng, không cả hai.",
        [ValidationCodes.NoNullItems] = "'{PropertyName}' không được chứa phần tử rỗng (null).",
        [ValidationCodes.Sha256Hex] = "phải gồm 64 chữ số thập lục phân viết thường (SHA-256).",
        [ValidationCodes.KeyIdHex] = "phải gồm 16 chữ số thập lục phân viết thường.",
        [ValidationCodes.SignatureBase64Url] = "phải là 64 byte mã hóa base64url (86 ký tự).",
        [ValidationCodes.NotADate] = "'{PropertyValue}' không phải ngày theo dạng yyyy-MM-dd.",
        [ValidationCodes.DateOutOfRange] = $"phải từ {VietnamTime.EarliestDate:yyyy-MM-dd} đến {VietnamTime.LatestDate:yyyy-MM-dd}.",
        [ValidationCodes.ToBeforeFrom] = "không được trước ngày bắt đầu (from).",
        [ValidationCodes.RangeTooLong] = $"khoảng thời gian tối đa {ExportRange.MaxDays} ngày.",
        [ValidationCodes.ControlCharacters] = "'{PropertyName}' không được chứa ký tự điều khiển.",
    };

    private static Text? Find(string code)
    {
        if (Messages.TryGetValue(code, out var text)) return text;
        if (code.EndsWith(".illegal-transition", StringComparison.Ordinal)) return Messages["voucher.illegal-transition"];
        if (code.StartsWith("qr.", StringComparison.Ordinal) && QrFaultVi(code[3..]) is { } qr) return new(qr);
        if (code.StartsWith("ledger.", StringComparison.Ordinal) && Enum.GetValues<LedgerResult>().Any(r => LedgerException.CodeOf(r) == code))
            return new("Sổ cái từ chối bút toán nên không có thay đổi nào được ghi nhận. Vui lòng báo cho bộ phận hỗ trợ kèm mã traceId.");
        return null;
    }

    /// <summary>A scanned QR's fault, with what to do (the provider's screen).</summary>
    private static string? QrFaultVi(string reason) => reason switch
    {
        "version" or "format" => QrFaults.Vi(reason) + ": hãy quét mã QR in trên phiếu hỗ trợ của doanh nghiệp.",
        "unknown-key" or "signature" => QrFaults.Vi(reason) + ". Không sử dụng phiếu này; đề nghị doanh nghiệp xuất trình phiếu gốc.",
        "expired" => QrFaults.Vi(reason) + ".",
        QrFaults.Superseded => QrFaults.Vi(reason) + "; đề nghị doanh nghiệp xuất trình phiếu hiện hành.",
        QrFaults.NotFound or QrFaults.RedeemedElsewhere => QrFaults.Vi(reason) + ".",
        _ => null,
    };

    private static string? Fill(string template, IReadOnlyDictionary<string, object> values)
    {
        var missing = false;
        var filled = Placeholder().Replace(template, m =>
        {
            if (values.TryGetValue(m.Groups[1].Value, out var value)) return Format(value);
            missing = true;
            return m.Value;
        });
        return missing ? null : filled;
    }

    /// <summary>A value as a Vietnamese reader reads it: amounts <c>1.000.000 ₫</c>, dates <c>dd/MM/yyyy</c>, a size class in words.</summary>
    public static string Format(object value) => value switch
    {
        Money m => m.ToString(),
        DateOnly d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        SizeClass s => s switch
        {
            SizeClass.Micro => "siêu nhỏ", SizeClass.Small => "nhỏ", SizeClass.Medium => "vừa", SizeClass.NotSme => "không thuộc diện nhỏ và vừa",
            _ => s.ToString(),
        },
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>The error codes of the project's own validation messages (<c>.WithErrorCode</c> beside each <c>.WithMessage</c>).</summary>
public static class ValidationCodes
{
    public const string NotATaxCode = "validation.not-a-tax-code";
    public const string RejectionNeedsReason = "validation.rejection-needs-reason";
    public const string YearEndNamesNone = "validation.year-end-names-none";
    public const string YearEndTooMany = "validation.year-end-too-many";
    public const string YearEndNamedTwice = "validation.year-end-named-twice";
    public const string NoNullItems = "validation.no-null-items";
    public const string Sha256Hex = "validation.sha256-hex";
    public const string KeyIdHex = "validation.key-id-hex";
    public const string SignatureBase64Url = "validation.signature-base64url";
    public const string NotADate = "validation.not-a-date";
    public const string DateOutOfRange = "validation.date-out-of-range";
    public const string ToBeforeFrom = "validation.to-before-from";
    public const string RangeTooLong = "validation.range-too-long";
    public const string ControlCharacters = "validation.control-characters";
    public const string NotAVoucherCode = "validation.not-a-voucher-code";
    public const string NotAProvince = "validation.not-a-province";
}
