using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.Samples.ServingOverHttp;

/// <summary>
/// Train a small CartPole policy, export it to ONNX, host it in an ASP.NET Core app through the serving library — the
/// same code <c>offlinerl serve</c> runs (<c>AddOfflineRlPolicy</c>, <c>MapOfflineRlPolicy</c>), with an API key
/// required — and call it from an <see cref="HttpClient"/>: without the key (401), a batch of observations, then a whole
/// episode with one request per step.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Optional args: an output folder, then <c>--keep-running</c> to keep serving until Enter is pressed.</summary>
    public static ServingResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        return RunAsync(args, output).GetAwaiter().GetResult();
    }

    private static async Task<ServingResult> RunAsync(string[] args, TextWriter output)
    {
        var outDir = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.Combine(Path.GetTempPath(), "offlinerl-serving");
        var keepRunning = args.Contains("--keep-running");
        Directory.CreateDirectory(outDir);

        // 1. Train and export: behavior cloning of a scripted CartPole expert, normalization folded into the graph.
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 3_000, seed: 0);
        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var model = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 400, BatchSize = 128, HiddenSizes = [32, 32], LearningRate = 1e-3f }).Fit(data).Model;
        var modelPath = Path.Combine(outDir, "cartpole-bc.onnx");
        PolicyOnnxExporter.Export(model, modelPath);
        output.WriteLine($"exported {modelPath}");

        // 2. Host it in an ASP.NET Core app with a random API key; port 0 picks a free loopback port.
        string apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOfflineRlPolicy(options =>
        {
            options.ModelPath = modelPath;
            options.ApiKeys.Add(apiKey);
        });
        await using WebApplication app = builder.Build();
        app.MapOfflineRlPolicy();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        output.WriteLine($"serving on {address} (API key required)");
        using var client = new HttpClient { BaseAddress = new Uri(address) };

        // Without the key: 401, and nothing is scored. Then every request carries it.
        using var anonymous = await client.PostAsJsonAsync(new Uri("/act", UriKind.Relative), new { observation = data.GetObservation(0).ToArray() }).ConfigureAwait(false);
        output.WriteLine($"POST /act without the key -> {(int)anonymous.StatusCode}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        // 3. Readiness and metadata.
        var ready = await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)).ConfigureAwait(false);
        output.WriteLine($"GET /health/ready -> {ready}");
        using var metadata = JsonDocument.Parse(await client.GetStringAsync(new Uri("/metadata", UriKind.Relative)).ConfigureAwait(false));
        var algorithm = metadata.RootElement.GetProperty("algorithm").GetString() ?? "";
        var input = metadata.RootElement.GetProperty("inputs")[0];
        output.WriteLine($"GET /metadata -> algorithm {algorithm}, input {input.GetProperty("name").GetString()} {input.GetProperty("type").GetString()}{input.GetProperty("shape").GetString()}");

        // 4. A batch: {"observations": [[...], ...]} -> {"actions": [...]}, compared with ONNX Runtime in this process.
        var observations = Enumerable.Range(0, 8).Select(i => data.GetObservation(i * 50).ToArray()).ToArray();
        var served = await Act(client, new { observations }).ConfigureAwait(false);
        using var onnx = OnnxPolicy.Load(modelPath);
        var expected = onnx.Act(observations).Select(a => (long)a[0]).ToArray();
        output.WriteLine($"POST /act (8 observations) -> [{string.Join(", ", served)}]; OnnxPolicy -> [{string.Join(", ", expected)}]");

        // 5. An episode steered over HTTP, one {"observation": [...]} request per step, against the C# policy in-process.
        var httpReturn = await Episode(async obs => (await Act(client, new { observation = obs }).ConfigureAwait(false))[0]).ConfigureAwait(false);
        var act = PolicyActors.From(model.Policy);
        var localReturn = await Episode(obs => Task.FromResult((long)act(obs)[0])).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CartPole episode (seed 7): return {httpReturn} over HTTP, {localReturn} in-process"));

        var first = string.Join(",", observations[0].Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        output.WriteLine($"try: curl -s -X POST {address}/act -H 'Authorization: Bearer {apiKey}' -H 'Content-Type: application/json' -d '{{\"observation\":[{first}]}}'");
        if (keepRunning)
        {
            output.WriteLine("press Enter to stop");
            Console.ReadLine();
        }

        await app.StopAsync().ConfigureAwait(false);
        return new ServingResult(modelPath, address, algorithm, anonymous.StatusCode, served, expected, httpReturn, localReturn);
    }

    private static async Task<long[]> Act(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/act", UriKind.Relative), body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /act answered {(int)response.StatusCode}: {text}");
        }

        using var answer = JsonDocument.Parse(text);
        return answer.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetInt64()).ToArray();
    }

    private static async Task<double> Episode(Func<float[], Task<long>> choose)
    {
        var environment = EnvironmentCatalog.Create(EnvironmentCatalog.CartPole);
        var observation = environment.Reset(seed: 7);
        var total = 0.0;
        while (true)
        {
            var result = environment.Step([await choose(observation).ConfigureAwait(false)]);
            total += result.Reward;
            if (result.Done)
            {
                return total;
            }

            observation = result.Observation;
        }
    }
}
