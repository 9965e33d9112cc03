using System.Globalization;

namespace OfflineRl.Cli.Serving;

/// <summary>Outcome of <see cref="ServeLoadTest.RunAsync"/>.</summary>
/// <param name="Requests">Requests sent.</param>
/// <param name="Failures">Requests that did not answer 200.</param>
/// <param name="Concurrency">Parallel clients.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P99Milliseconds">99th percentile latency.</param>
public sealed record LoadTestResult(int Requests, int Failures, int Concurrency, double Seconds, double P50Milliseconds, double P99Milliseconds)
{
    /// <summary>Requests per second.</summary>
    public double Throughput => Requests / Seconds;

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Requests} requests ({Failures} failed), {Concurrency} concurrent, {Seconds:0.00} s: {Throughput:0} req/s, p50 {P50Milliseconds:0.000} ms, p99 {P99Milliseconds:0.000} ms");
}
