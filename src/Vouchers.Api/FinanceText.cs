namespace Vouchers.Api;

/// <summary>
/// The text of the finance officer's pages (Pages/Finance: Sở Tài chính): <c>Resources/FinanceText.resx</c> is Vietnamese (the neutral language),
/// <c>Resources/FinanceText.en.resx</c> English; every key is in both (StaffPageTests). Names of statuses and kinds stay in
/// <see cref="SharedResource"/>.
/// </summary>
public sealed class FinanceText;
