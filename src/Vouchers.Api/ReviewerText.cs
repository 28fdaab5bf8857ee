namespace Vouchers.Api;

/// <summary>
/// The text of the reviewer's pages (Pages/Reviewer: Sở Khoa học và Công nghệ): <c>Resources/ReviewerText.resx</c> is Vietnamese (the neutral language),
/// <c>Resources/ReviewerText.en.resx</c> English; every key is in both (StaffPageTests). Names of statuses and kinds stay in
/// <see cref="SharedResource"/>.
/// </summary>
public sealed class ReviewerText;
