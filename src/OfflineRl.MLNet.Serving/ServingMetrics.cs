using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// The names under which the policy server reports its metrics through <see cref="System.Diagnostics.Metrics"/>
/// (exported by OpenTelemetry: <see cref="OpenTelemetry.Metrics.PolicyServingMeterProviderBuilderExtensions.AddOfflineRlPolicyInstrumentation"/>).
/// </summary>
public static class PolicyServingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "OfflineRl.MLNet.Serving";

    /// <summary>Counter of requests, tagged <c>endpoint</c> (act, metadata, reload) and <c>outcome</c> (ok, bad_request, unauthorized, unavailable, rejected, error, aborted: the client hung up).</summary>
    public const string Requests = "offlinerl.serving.requests";

    /// <summary>Counter of requests that did not succeed (all but ok and aborted), with the same tags as <see cref="Requests"/>.</summary>
    public const string Errors = "offlinerl.serving.errors";

    /// <summary>Counter of observations scored.</summary>
    public const string Observations = "offlinerl.serving.observations";

    /// <summary>Histogram of request durations in seconds, tagged <c>endpoint</c>.</summary>
    public const string RequestDuration = "offlinerl.serving.request.duration";

    /// <summary>Counter of model replacements, tagged <c>outcome</c> (replaced, unchanged, rejected).</summary>
    public const string Reloads = "offlinerl.serving.model.reloads";

    /// <summary>Gauge: the serving model's version (0 before any).</summary>
    public const string ModelVersion = "offlinerl.serving.model.version";
}

/// <summary>The instruments behind <see cref="PolicyServingMetrics"/>, made through the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class ServingMetrics
{
    // Buckets for a service whose requests take tens of microseconds to milliseconds (the default ones start at 5 s).
    private static readonly double[] DurationBuckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _observations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _reloads;
    private readonly Meter _meter;

    public ServingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(PolicyServingMetrics.MeterName);
        _requests = _meter.CreateCounter<long>(PolicyServingMetrics.Requests, "{request}", "Requests to the policy endpoints.");
        _errors = _meter.CreateCounter<long>(PolicyServingMetrics.Errors, "{request}", "Requests to the policy endpoints that did not succeed.");
        _observations = _meter.CreateCounter<long>(PolicyServingMetrics.Observations, "{observation}", "Observations scored.");
        _duration = _meter.CreateHistogram(
            PolicyServingMetrics.RequestDuration, "s", "Duration of policy requests.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _reloads = _meter.CreateCounter<long>(PolicyServingMetrics.Reloads, "{reload}", "Attempts to replace the served model.");
    }

    public void ObserveModel(PolicyModelHost host) =>
        _meter.CreateObservableGauge(PolicyServingMetrics.ModelVersion, () => host.ModelVersion, "{version}", "Version of the serving model (0 before any).");

    public void Request(string endpoint, string outcome, long startTimestamp, int observations = 0)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "outcome", outcome } };
        _requests.Add(1, tags);
        // A client that hangs up mid-request (wrk does when its time is up) is not a failure of the server.
        if (!string.Equals(outcome, Outcomes.Ok, StringComparison.Ordinal) && !string.Equals(outcome, Outcomes.Aborted, StringComparison.Ordinal))
        {
            _errors.Add(1, tags);
        }

        if (observations > 0)
        {
            _observations.Add(observations);
        }

        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    public void Reloaded(ModelReloadOutcome outcome) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            ModelReloadOutcome.Replaced => "replaced",
            ModelReloadOutcome.Unchanged => "unchanged",
            _ => "rejected",
        }));

    /// <summary>Tag values of <c>outcome</c>.</summary>
    internal static class Outcomes
    {
        public const string Ok = "ok";
        public const string BadRequest = "bad_request";
        public const string Unauthorized = "unauthorized";
        public const string Unavailable = "unavailable";
        public const string Rejected = "rejected";
        public const string Error = "error";
        public const string Aborted = "aborted";
    }
}
