using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Tests.Cli;
using OfflineRl.MLNet.Tests.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Serving;

/// <summary>
/// <c>offlinerl serve</c> (the serving library inside the CLI) started as its own process and called over HTTP, the way
/// a user runs it: authentication, batch scoring against ONNX Runtime, bad bodies, metrics, metadata without host
/// paths, readiness, model replacement under load, refusal to listen beyond loopback without a key, SIGTERM.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class ServingProcessTests
{
    private const string Key = "test-key-0123456789abcdef";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Act_needs_the_key_scores_batches_like_onnx_runtime_and_counts_requests()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cartpole.onnx");
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: true, normalize: true), path, new OnnxExportOptions
        {
            Metadata = new Dictionary<string, string> { ["source"] = "/home/alice/private/logs.npz", ["note"] = $"exported to {dir.Path}" },
        });
        float[] obs = ExportFixtures.Observations(ExportFixtures.CartPole, 64);
        using var onnx = OnnxPolicy.Load(path);
        long[] expected = [.. Enumerable.Range(0, 64).Select(r => onnx.ActIndex(obs.AsSpan(r * 4, 4)))];
        Assert.True(expected.Distinct().Count() == 2, "the probe rows should get both actions");

        await using var serve = await ServeProcess.StartListeningAsync(Key, "--model", path, "--urls", "http://127.0.0.1:0", "--log-level", "Trace");
        HttpClient client = serve.Client;
        string batch = JsonSerializer.Serialize(new { observations = Enumerable.Range(0, 64).Select(r => obs.AsSpan(r * 4, 4).ToArray()) });

        // No key, a wrong key (both headers), a key with one character changed: 401, no scoring.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, "/act", batch, auth: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, "/act", batch, new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789abcdef"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, "/act", batch, new AuthenticationHeaderValue("Bearer", Key[..^1] + "X"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, "/act", batch, auth: null, apiKeyHeader: "nope-nope-nope-nope-nope")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/metadata", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        var unauthorized = await Send(client, "/act", batch, auth: null);
        Assert.Contains("Bearer", unauthorized.Body, StringComparison.Ordinal);

        // With the key: the batch equals ONNX Runtime row by row; a single observation too; X-Api-Key works the same.
        var bearer = new AuthenticationHeaderValue("Bearer", Key);
        var served = await Send(client, "/act", batch, bearer);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(expected, Actions(served.Body).Select(a => a.GetInt64()));
        for (int r = 0; r < 8; r++)
        {
            string one = JsonSerializer.Serialize(new { observation = obs.AsSpan(r * 4, 4).ToArray() });
            var answer = await Send(client, "/act", one, auth: null, apiKeyHeader: Key);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(expected[r], Actions(answer.Body).Single().GetInt64());
        }

        // Bad bodies: 400 with a message.
        string[] bad =
        [
            "{\"observation\":[1,2,3]}",
            "{\"observation\":[1,2,3,NaN]}",
            "{\"observation\":[1,2,3,\"x\"]}",
            "{\"observation\":[1,2,3,1e300]}",
            "{\"observations\":[[1,2,3,4],[1,2]]}",
            "{\"observations\":[]}",
            "{\"observation\":[1,2,3,4],\"observations\":[[1,2,3,4]]}",
            "[1,2,3,4]",
            "not json",
            "",
            "{\"observation\":[" + string.Join(",", Enumerable.Repeat("0.123456789", 200_000)) + "]}",
        ];
        foreach (string body in bad)
        {
            var answer = await Send(client, "/act", body, bearer);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 60)]} → {(int)answer.Status}: {answer.Body}");
            using var error = JsonDocument.Parse(answer.Body);
            Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetString()));
        }

        // /metadata: the file name only, and the paths recorded in the model's metadata cut to their last segment.
        using var metaRequest = new HttpRequestMessage(HttpMethod.Get, "/metadata") { Headers = { Authorization = bearer } };
        using var metaResponse = await client.SendAsync(metaRequest);
        string metadata = await metaResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metaResponse.StatusCode);
        using (var meta = JsonDocument.Parse(metadata))
        {
            Assert.Equal("cartpole.onnx", meta.RootElement.GetProperty("model").GetString());
            Assert.Equal("Observation", meta.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
            Assert.Equal("bc", meta.RootElement.GetProperty("algorithm").GetString());
            Assert.Equal("logs.npz", meta.RootElement.GetProperty("metadata").GetProperty("source").GetString());
            Assert.Equal($"exported to {Path.GetFileName(dir.Path)}", meta.RootElement.GetProperty("metadata").GetProperty("note").GetString());
        }

        Assert.DoesNotContain(dir.Path, metadata, StringComparison.Ordinal);
        Assert.DoesNotContain("/home/alice", metadata, StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsolutePathInJson(), metadata);

        // Metrics in Prometheus' text format: 1 batch + 8 single requests scored 72 rows; 6 unauthorized; 11 bad bodies.
        using var metricsRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = bearer } };
        using var metricsResponse = await client.SendAsync(metricsRequest);
        string metrics = await metricsResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, metricsResponse.StatusCode);
        Assert.Equal(9, Metric(metrics, "offlinerl_serving_requests_total", "endpoint=\"act\"", "outcome=\"ok\""));
        Assert.Equal(72, Metric(metrics, "offlinerl_serving_observations_total"));
        Assert.Equal(5, Metric(metrics, "offlinerl_serving_errors_total", "endpoint=\"act\"", "outcome=\"unauthorized\""));
        Assert.Equal(11, Metric(metrics, "offlinerl_serving_errors_total", "endpoint=\"act\"", "outcome=\"bad_request\""));
        Assert.Equal(9 + 5 + 11, Metric(metrics, "offlinerl_serving_request_duration_seconds_count", "endpoint=\"act\""));
        Assert.Equal(1, Metric(metrics, "offlinerl_serving_model_version"));

        // The key, right or wrong, never reaches the log, even at Trace level.
        serve.Terminate();
        Assert.Equal(0, await serve.WaitForExitAsync(Wait));
        Assert.DoesNotContain(Key, serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-0123456789abcdef", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..^1], serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("nope-nope", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_beyond_loopback_needs_a_key_and_then_answers_401_without_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pendulum.onnx");
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: false, normalize: true), path);

        await using (var refused = ServeProcess.Start(null, "--model", path, "--urls", "http://0.0.0.0:0"))
        {
            Assert.Equal(1, await refused.WaitForExitAsync(Wait));
            Assert.Contains("Refusing to serve the policy on http://0.0.0.0:", refused.Output, StringComparison.Ordinal);
            Assert.Contains("without an API key", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
        }

        await using var serve = await ServeProcess.StartListeningAsync(Key, "--model", path, "--urls", "http://0.0.0.0:0");
        string body = "{\"observation\":[0.5,-0.5,0.1]}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(serve.Client, "/act", body, auth: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(serve.Client, "/act", body, new AuthenticationHeaderValue("Basic", Key))).Status);
        string metrics = await Metrics(serve.Client);
        // Nothing scored: the counter was never incremented, so it has no sample yet.
        Assert.DoesNotContain("offlinerl_serving_observations_total{", metrics, StringComparison.Ordinal);
        Assert.Equal(2, Metric(metrics, "offlinerl_serving_request_duration_seconds_count", "endpoint=\"act\""));
        Assert.Equal(2, Metric(metrics, "offlinerl_serving_errors_total", "endpoint=\"act\"", "outcome=\"unauthorized\""));

        var ok = await Send(serve.Client, "/act", body, new AuthenticationHeaderValue("Bearer", Key));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        using var onnx = OnnxPolicy.Load(path);
        Assert.Equal(onnx.Act([0.5f, -0.5f, 0.1f]), Actions(ok.Body).Single().EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Watched_file_swaps_under_load_and_a_bad_file_keeps_the_old_model()
    {
        using var dir = new TempDirectory();
        string path = dir.File("policy.onnx");
        PolicyModel first = ExportFixtures.Train(discrete: false, normalize: true);
        PolicyModel second = ExportFixtures.Train(discrete: false, normalize: false);
        PolicyOnnxExporter.Export(first, dir.File("first.onnx"));
        PolicyOnnxExporter.Export(second, dir.File("second.onnx"));
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: true, normalize: true), dir.File("cartpole.onnx"));
        File.Copy(dir.File("first.onnx"), path);
        float[] obs = ExportFixtures.Observations(ExportFixtures.Pendulum, 16);
        float[] firstAnswers = Score(dir.File("first.onnx"), obs, 16);
        float[] secondAnswers = Score(dir.File("second.onnx"), obs, 16);
        Assert.NotEqual(firstAnswers, secondAnswers);
        string batch = JsonSerializer.Serialize(new { observations = Enumerable.Range(0, 16).Select(r => obs.AsSpan(r * 3, 3).ToArray()) });

        await using var serve = await ServeProcess.StartListeningAsync(null, "--model", path, "--urls", "http://127.0.0.1:0", "--watch");
        Assert.Equal(firstAnswers, await Batch(serve.Client, batch));

        // Clients keep sending while the file is replaced three times; every request must succeed.
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        Task[] load = [.. Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            string single = $"{{\"observation\":[{(0.1 * i).ToString(CultureInfo.InvariantCulture)},0.2,-0.3]}}";
            while (!stop.IsCancellationRequested)
            {
                statuses.Add((await Send(serve.Client, "/act", i % 2 == 0 ? single : batch, auth: null)).Status);
            }
        }))];

        // A good file, published the atomic way (renamed over the served one): new answers, version 2.
        Publish(dir, "second.onnx", path);
        await serve.WaitForOutputAsync("Serving model version 2", Wait);
        Assert.Equal(secondAnswers, await Batch(serve.Client, batch));

        // A truncated file: rejected with ONNX Runtime's reason, version 2 keeps answering.
        byte[] good = File.ReadAllBytes(dir.File("first.onnx"));
        File.WriteAllBytes(dir.File("torn.onnx"), good[..(good.Length / 2)]);
        Publish(dir, "torn.onnx", path);
        await serve.WaitForOutputAsync("rejected, the serving model (version 2", Wait);
        Assert.Contains("ONNX Runtime cannot load 'policy.onnx'", serve.Output, StringComparison.Ordinal);
        Assert.Equal(secondAnswers, await Batch(serve.Client, batch));

        // A valid policy of another shape (CartPole: 4 values in, a discrete action out): rejected, clients would break.
        Publish(dir, "cartpole.onnx", path);
        await serve.WaitForOutputAsync("rejected, the serving model (version 2", Wait, count: 2);
        Assert.Contains("takes 4 observation values and gives a discrete action, but the serving model takes 3", serve.Output, StringComparison.Ordinal);
        Assert.Equal(secondAnswers, await Batch(serve.Client, batch));
        Assert.Equal(2, Metric(await Metrics(serve.Client), "offlinerl_serving_model_version"));

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(statuses.Count > 20, $"only {statuses.Count} requests ran during the swaps");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.False(serve.HasExited);
    }

    [Fact]
    public async Task Reload_endpoint_validates_and_readiness_waits_for_the_first_model()
    {
        using var dir = new TempDirectory();
        string path = dir.File("later.onnx");

        // Started before the model exists (watching for it): alive, not ready, /act 503.
        await using var serve = await ServeProcess.StartListeningAsync(Key, "--model", path, "--urls", "http://127.0.0.1:0", "--watch");
        var bearer = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        using (var notReady = await serve.Client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("does not exist", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        string body = "{\"observation\":[0.01,0.02,0.03,0.04]}";
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Send(serve.Client, "/act", body, bearer)).Status);

        // The file arrives: ready, and /act answers like ONNX Runtime.
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: true, normalize: true), dir.File("cartpole.onnx"));
        Publish(dir, "cartpole.onnx", path);
        await serve.WaitForOutputAsync("Serving model version 1", Wait);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        var answer = await Send(serve.Client, "/act", body, bearer);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        using (var onnx = OnnxPolicy.Load(path))
        {
            Assert.Equal(onnx.ActIndex([0.01f, 0.02f, 0.03f, 0.04f]), Actions(answer.Body).Single().GetInt64());
        }

        // The admin endpoint needs the key; it answers the same bytes as unchanged.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(serve.Client, "/admin/reload", "", auth: null)).Status);
        var unchanged = await Send(serve.Client, "/admin/reload", "", bearer);
        Assert.Equal(HttpStatusCode.OK, unchanged.Status);
        Assert.Contains("\"outcome\":\"unchanged\"", unchanged.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_endpoint_rejects_a_bad_file_with_422_and_swaps_a_good_one()
    {
        using var dir = new TempDirectory();
        string path = dir.File("policy.onnx");
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: false, normalize: true), path);
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: false, normalize: false), dir.File("second.onnx"));
        float[] obs = ExportFixtures.Observations(ExportFixtures.Pendulum, 4);
        float[] firstAnswers = Score(path, obs, 4);
        float[] secondAnswers = Score(dir.File("second.onnx"), obs, 4);
        string batch = JsonSerializer.Serialize(new { observations = Enumerable.Range(0, 4).Select(r => obs.AsSpan(r * 3, 3).ToArray()) });

        await using var serve = await ServeProcess.StartListeningAsync(null, "--model", path, "--urls", "http://127.0.0.1:0");
        File.WriteAllText(path, "not an onnx model");
        var rejected = await Send(serve.Client, "/admin/reload", "", auth: null);
        Assert.Equal((HttpStatusCode)422, rejected.Status);
        Assert.Contains("rejected", rejected.Body, StringComparison.Ordinal);
        Assert.Contains("Still serving version 1", rejected.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(dir.Path, rejected.Body, StringComparison.Ordinal);
        Assert.Equal(firstAnswers, await Batch(serve.Client, batch));

        File.Copy(dir.File("second.onnx"), path, overwrite: true);
        var replaced = await Send(serve.Client, "/admin/reload", "", auth: null);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Contains("\"outcome\":\"replaced\",\"modelVersion\":2", replaced.Body, StringComparison.Ordinal);
        Assert.Equal(secondAnswers, await Batch(serve.Client, batch));
        string metrics = await Metrics(serve.Client);
        Assert.Equal(2, Metric(metrics, "offlinerl_serving_model_reloads_total", "outcome=\"replaced\""));
        Assert.Equal(1, Metric(metrics, "offlinerl_serving_model_reloads_total", "outcome=\"rejected\""));
    }

    [Fact]
    public void Serve_reports_a_missing_or_bad_model_and_exits_1()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run("serve", "--model", dir.File("missing.onnx"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, missing.Code);
        Assert.Contains("missing.onnx", missing.Err, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);

        File.WriteAllText(dir.File("bad.onnx"), "not a model");
        var bad = CliRunner.Run("serve", "--model", dir.File("bad.onnx"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, bad.Code);
        Assert.Contains("ONNX Runtime cannot load 'bad.onnx'", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_command_writes_a_model_with_the_distribution_outputs()
    {
        using var dir = new TempDirectory();
        PolicyModel model = ExportFixtures.Train(discrete: false, normalize: true);
        model.Save(dir.File("model"));
        var (code, output, error) = CliRunner.Run("export", "--policy", dir.File("model"), "--onnx", dir.File("p.onnx"), "--with-distribution");
        Assert.True(code == 0, output + error);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(dir.File("p.onnx"));
        Assert.Contains(OnnxExportNames.ActionLogStd, session.OutputNames);
    }

    /// <summary>Renames a prepared file over the served one: one atomic change, as a deployment publishes a model.</summary>
    private static void Publish(TempDirectory dir, string name, string target)
    {
        string staged = dir.File($".staged-{Guid.NewGuid():N}");
        File.Copy(dir.File(name), staged);
        File.Move(staged, target, overwrite: true);
    }

    private static float[] Score(string path, float[] observations, int rows)
    {
        using var onnx = OnnxPolicy.Load(path);
        // Row by row, so the batch answer is checked against single-row ONNX Runtime scores.
        return [.. Enumerable.Range(0, rows).SelectMany(r => onnx.Act(observations.AsSpan(r * onnx.ObservationSize, onnx.ObservationSize)))];
    }

    private static async Task<float[]> Batch(HttpClient client, string batch)
    {
        var answer = await Send(client, "/act", batch, new AuthenticationHeaderValue("Bearer", Key));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        return [.. Actions(answer.Body).SelectMany(a => a.EnumerateArray().Select(v => v.GetSingle()))];
    }

    private static JsonElement[] Actions(string body)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("actions").EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<(HttpStatusCode Status, string Body)> Send(HttpClient client, string route, string body, AuthenticationHeaderValue? auth, string? apiKeyHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = auth;
        if (apiKeyHeader is not null)
        {
            request.Headers.Add("X-Api-Key", apiKeyHeader);
        }

        // A body over the limit is answered before it is read; "Expect: 100-continue" sends it only if the server asks.
        request.Headers.ExpectContinue = body.Length > 65_536;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> Metrics(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) } };
        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain all of <paramref name="labels"/>.</summary>
    private static double Metric(string exposition, string name, params string[] labels)
    {
        var samples = exposition.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        Assert.True(samples.Count == 1, $"{name} {string.Join(",", labels)}: {samples.Count} samples in\n{exposition}");
        string value = samples[0].Split(' ')[1];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"""(?:/|[A-Za-z]:\\\\)[^""]*""")]
    private static partial Regex AbsolutePathInJson();
}
