using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OfflineRl.MLNet.Serving;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a hosted OfflineRl.MLNet policy in an ASP.NET Core app's services.</summary>
public static class PolicyServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the policy server's services: the <see cref="PolicyModelHost"/> (injectable, to reload from code), API-key
    /// authentication, metrics on the <see cref="PolicyServingMetrics.MeterName"/> meter, and the start-up work (load the
    /// model, watch the file, refuse a binding beyond loopback without a key). Map the endpoints with
    /// <see cref="Microsoft.AspNetCore.Builder.PolicyServingEndpointRouteBuilderExtensions.MapOfflineRlPolicy"/>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the model path, keys and limits.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddOfflineRlPolicy(this IServiceCollection services, Action<PolicyServingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddMetrics();
        services.TryAddSingleton<ServingMetrics>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton(sp => new PolicyModelHost(
            sp.GetRequiredService<IOptions<PolicyServingOptions>>(), sp.GetRequiredService<ILogger<PolicyModelHost>>(), sp.GetRequiredService<ServingMetrics>()));
        services.TryAddSingleton<PolicyEndpoints>();
        services.AddHostedService<PolicyServingLifecycle>();
        return services;
    }
}
