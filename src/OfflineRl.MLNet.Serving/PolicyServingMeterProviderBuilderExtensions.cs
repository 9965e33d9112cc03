using OfflineRl.MLNet.Serving;

namespace OpenTelemetry.Metrics;

/// <summary>Subscribes OpenTelemetry to the policy server's metrics.</summary>
public static class PolicyServingMeterProviderBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="PolicyServingMetrics.MeterName"/> meter: request counts, errors, the latency histogram, model
    /// reloads and the serving model version. With OpenTelemetry's Prometheus exporter
    /// (<c>.AddPrometheusExporter()</c> and <c>app.MapPrometheusScrapingEndpoint()</c>) they appear at <c>/metrics</c>.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static MeterProviderBuilder AddOfflineRlPolicyInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(PolicyServingMetrics.MeterName);
    }
}
