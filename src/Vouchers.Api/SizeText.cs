namespace Vouchers.Api;

/// <summary>
/// The text of the size-class explanation (<c>Pages/Shared/_SizeExplanation.cshtml</c>, <see cref="Web.SizeExplanation"/>),
/// which the SME's enterprise page and the reviewer's application page both show: <c>Resources/SizeText.resx</c>
/// Vietnamese (neutral), <c>SizeText.en.resx</c> English.
/// </summary>
public sealed class SizeText;
