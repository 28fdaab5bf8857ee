using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vouchers.Application.Qr;
using Vouchers.Infrastructure.Signing;

namespace Vouchers.Infrastructure.Qr;

public static class VoucherTokensSetup
{
    /// <summary>
    /// <see cref="SigningKeyOptions"/> from section <c>QrSigning</c>, the <see cref="SigningKeyRing"/> (a singleton, loaded
    /// at first use; a key is generated there when allowed and missing) and <see cref="IVoucherTokens"/>. Checking
    /// <see cref="SigningKeyOptions.Problems"/> at start-up is the caller's job (an unusable ring also throws when first resolved).
    /// </summary>
    public static IServiceCollection AddVoucherTokens(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => SigningKeyRing.Load(SigningKeyOptions.From(config, SigningPurpose.Qr), contentRoot, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VoucherTokenService>();
        services.AddSingleton<IVoucherTokens>(sp => sp.GetRequiredService<VoucherTokenService>());
        return services;
    }
}
