using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OfflineRl.Cli.Serving;

/// <summary>A bounded loopback load test of a running policy server: N single-observation <c>POST /act</c> requests.</summary>
public static class ServeLoadTest
{
    /// <summary>Sends <paramref name="requests"/> requests from <paramref name="concurrency"/> clients; stops after <paramref name="timeout"/>.</summary>
    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:5080</c> (loopback only).</param>
    /// <param name="observationSize">Width of the observations to send (zeros plus a small ramp).</param>
    /// <param name="requests">Total requests (1 to 1,000,000).</param>
    /// <param name="concurrency">Parallel clients (1 to 16).</param>
    /// <param name="timeout">Upper bound on the run.</param>
    public static async Task<LoadTestResult> RunAsync(Uri baseAddress, int observationSize, int requests, int concurrency, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requests, 1_000_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(concurrency, 16);
        if (!baseAddress.IsLoopback)
        {
            throw new ArgumentException($"The load test only targets loopback addresses, not {baseAddress}.", nameof(baseAddress));
        }

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var cancel = new CancellationTokenSource(timeout);
        var latencies = new double[requests];
        int next = -1;
        int failures = 0;
        int done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!cancel.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= requests)
                {
                    return;
                }

                var values = Enumerable.Range(0, observationSize).Select(d => ((i % 100) * 0.01 * (d + 1)).ToString("0.###", CultureInfo.InvariantCulture));
                string json = "{\"observation\":[" + string.Join(",", values) + "]}";
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(json, Encoding.UTF8, "application/json");
                    using var response = await client.PostAsync(new Uri("/act", UriKind.Relative), content, cancel.Token).ConfigureAwait(false);
                    byte[] answer = await response.Content.ReadAsByteArrayAsync(cancel.Token).ConfigureAwait(false);
                    GC.KeepAlive(answer);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref done);
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        double[] sorted = latencies.Take(done).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LoadTestResult(done, failures, concurrency, seconds, Percentile(0.50), Percentile(0.99));
    }
}
