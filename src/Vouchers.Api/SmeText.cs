namespace Vouchers.Api;

/// <summary>
/// The SME pages' own text (<c>Pages/Sme</c>): <c>Resources/SmeText.resx</c> Vietnamese (neutral), <c>SmeText.en.resx</c>
/// English. Common labels (statuses, kinds, sizes) stay in <see cref="SharedResource"/>.
/// </summary>
public sealed class SmeText;
