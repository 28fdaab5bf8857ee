namespace Vouchers.Api;

/// <summary>
/// The provider's pages' own text (Pages/Provider): <c>Resources/ProviderText.resx</c> is Vietnamese (the neutral
/// language), <c>Resources/ProviderText.en.resx</c> English; every key is in both (ProviderPagesTests). Names of
/// statuses and kinds stay in <see cref="SharedResource"/>.
/// </summary>
public sealed class ProviderText;
