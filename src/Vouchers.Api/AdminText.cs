namespace Vouchers.Api;

/// <summary>
/// The text of the administrator's pages (Pages/Admin: funds, programs, providers): <c>Resources/AdminText.resx</c> is Vietnamese (the neutral language),
/// <c>Resources/AdminText.en.resx</c> English; every key is in both (StaffPageTests). Names of statuses and kinds stay in
/// <see cref="SharedResource"/>.
/// </summary>
public sealed class AdminText;
