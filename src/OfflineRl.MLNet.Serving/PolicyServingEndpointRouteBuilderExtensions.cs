using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OfflineRl.MLNet.Serving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the policy server's endpoints in an ASP.NET Core app.</summary>
public static class PolicyServingEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>POST /act</c> — <c>{"observation":[...]}</c> or <c>{"observations":[[...],...]}</c> → <c>{"actions":[...]}</c> (API key);</item>
    /// <item><c>GET /metadata</c> — the model's inputs, outputs and export metadata, host paths hidden (API key);</item>
    /// <item><c>POST /admin/reload</c> — reload the configured model file (API key; when <see cref="PolicyServingOptions.EnableReloadEndpoint"/>);</item>
    /// <item><c>GET /health</c> — liveness, always 200 while the process serves;</item>
    /// <item><c>GET /health/ready</c> — readiness: 200 with a model loaded, 503 before one is and once shutdown begins.</item>
    /// </list>
    /// Needs <see cref="PolicyServingServiceCollectionExtensions.AddOfflineRlPolicy"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">Route prefix, e.g. <c>/policy</c>; empty for the root.</param>
    /// <returns>The group of the mapped endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapOfflineRlPolicy(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        PolicyEndpoints handlers = endpoints.ServiceProvider.GetService<PolicyEndpoints>()
            ?? throw new InvalidOperationException("MapOfflineRlPolicy needs builder.Services.AddOfflineRlPolicy(...) first.");
        bool reload = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PolicyServingOptions>>().Value.EnableReloadEndpoint;
        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        group.MapPost("/act", handlers.Act);
        group.MapGet("/metadata", handlers.Metadata);
        if (reload)
        {
            group.MapPost("/admin/reload", handlers.Reload);
        }

        group.MapGet("/health", handlers.Live);
        group.MapGet("/health/ready", handlers.Ready);
        return group;
    }

    /// <summary>
    /// Requires the policy server's API key (<see cref="PolicyServingOptions.ApiKeys"/>) on other endpoints, e.g. the
    /// Prometheus scraping endpoint: a request without a valid key gets 401 before the endpoint runs.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoints to protect.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireOfflineRlApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // A "finally" convention sees the endpoint's final request delegate, whichever way the endpoint was mapped.
        builder.Finally(endpoint =>
        {
            RequestDelegate inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no request delegate to protect.");
            endpoint.RequestDelegate = context =>
            {
                PolicyEndpoints handlers = context.RequestServices.GetRequiredService<PolicyEndpoints>();
                return handlers.Authenticator.IsAuthorized(context)
                    ? inner(context)
                    : handlers.Unauthorized(context, endpoint.DisplayName ?? "other", System.Diagnostics.Stopwatch.GetTimestamp());
            };
        });
        return builder;
    }
}
