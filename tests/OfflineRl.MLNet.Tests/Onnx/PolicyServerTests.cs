using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.ML.OnnxRuntime;
using OfflineRl.Cli.Serving;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Training;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>The serve API in-process on a free loopback port, against OnnxPolicy.</summary>
public sealed class PolicyServerTests
{
    [Fact]
    public async Task Act_matches_onnx_policy_and_bad_bodies_get_400()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cartpole.onnx");
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: true, normalize: true), path);
        float[] obs = ExportFixtures.Observations(ExportFixtures.CartPole, 8);
        using var onnx = OnnxPolicy.Load(path);
        float[] expected = onnx.Act(obs, 8);

        await using WebApplication app = PolicyServer.Build(path, "http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(PolicyServer.Addresses(app)[0]) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        using (var meta = JsonDocument.Parse(await client.GetStringAsync(new Uri("/metadata", UriKind.Relative))))
        {
            Assert.Equal("Observation", meta.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
            Assert.Equal("bc", meta.RootElement.GetProperty("algorithm").GetString());
        }

        string batch = JsonSerializer.Serialize(new { observations = Enumerable.Range(0, 8).Select(r => obs.AsSpan(r * 4, 4).ToArray()) });
        using (var answer = JsonDocument.Parse(await Post(client, batch, HttpStatusCode.OK)))
        {
            Assert.Equal(expected.Select(a => (long)a), answer.RootElement.GetProperty("actions").EnumerateArray().Select(e => e.GetInt64()));
        }

        string single = JsonSerializer.Serialize(new { observation = obs.AsSpan(0, 4).ToArray() });
        using (var answer = JsonDocument.Parse(await Post(client, single, HttpStatusCode.OK)))
        {
            Assert.Equal((long)expected[0], answer.RootElement.GetProperty("actions")[0].GetInt64());
        }

        string[] bad =
        [
            "{\"observation\":[1,2,3]}",
            "{\"observation\":[1,2,3,NaN]}",
            "{\"observation\":[1,2,3,\"NaN\"]}",
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
            string message = await Post(client, body, HttpStatusCode.BadRequest);
            using var error = JsonDocument.Parse(message);
            Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetString()));
        }

        await app.StopAsync();
    }

    [Fact]
    public async Task Continuous_act_matches_onnx_policy()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pendulum.onnx");
        PolicyOnnxExporter.Export(ExportFixtures.Train(discrete: false, normalize: true), path);
        float[] obs = ExportFixtures.Observations(ExportFixtures.Pendulum, 4);
        using var onnx = OnnxPolicy.Load(path);
        float[] expected = onnx.Act(obs, 4);
        await using WebApplication app = PolicyServer.Build(path, "http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(PolicyServer.Addresses(app)[0]) };
        string batch = JsonSerializer.Serialize(new { observations = Enumerable.Range(0, 4).Select(r => obs.AsSpan(r * 3, 3).ToArray()) });
        using var answer = JsonDocument.Parse(await Post(client, batch, HttpStatusCode.OK));
        float[] actual = answer.RootElement.GetProperty("actions").EnumerateArray().SelectMany(a => a.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        Assert.Equal(expected, actual);
        var load = await ServeLoadTest.RunAsync(client.BaseAddress!, 3, 200, 2, TimeSpan.FromSeconds(20));
        Assert.Equal(0, load.Failures);
        Assert.Equal(200, load.Requests);
        await app.StopAsync();
    }

    [Fact]
    public void Export_command_writes_a_model_and_serve_reports_missing_files()
    {
        using var dir = new TempDirectory();
        PolicyModel model = ExportFixtures.Train(discrete: false, normalize: true);
        model.Save(dir.File("model"));
        var (code, output, error) = CliRunner.Run("export", "--policy", dir.File("model"), "--onnx", dir.File("p.onnx"), "--with-distribution");
        Assert.True(code == 0, output + error);
        using (var session = new InferenceSession(dir.File("p.onnx")))
        {
            Assert.Contains(OnnxExportNames.ActionLogStd, session.OutputNames);
        }

        var missing = CliRunner.Run("serve", "--model", dir.File("missing.onnx"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, missing.Code);
        Assert.Contains("missing.onnx", missing.Err, StringComparison.Ordinal);
    }

    private static async Task<string> Post(HttpClient client, string body, HttpStatusCode status)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/act", UriKind.Relative)) { Content = content };

        // A body over the server's limit is answered (400) before it is read, and the connection is closed; a client
        // still writing megabytes then fails with a broken pipe instead of reading the answer. "Expect: 100-continue"
        // is HTTP's way to send such a body only once the server asks for it.
        request.Headers.ExpectContinue = body.Length > 65_536;
        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{body[..Math.Min(body.Length, 80)]} → {(int)response.StatusCode}: {text}");
        return text;
    }
}
