namespace Vouchers.Api;

/// <summary>
/// The text of the auditor's pages (Pages/Auditor: kiểm toán, thanh tra; read-only): <c>Resources/AuditorText.resx</c> is Vietnamese (the neutral language),
/// <c>Resources/AuditorText.en.resx</c> English; every key is in both (StaffPageTests). Names of statuses and kinds stay in
/// <see cref="SharedResource"/>.
/// </summary>
public sealed class AuditorText;
