namespace Vouchers.Api;

/// <summary>
/// The pages' text: <c>Resources/SharedResource.resx</c> is Vietnamese (the neutral language: what a reader sees unless
/// they chose otherwise), <c>Resources/SharedResource.en.resx</c> English. Every key is in both (WebResourceTests).
/// </summary>
public sealed class SharedResource;
