using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Tests.Onnx;

namespace OfflineRl.MLNet.Tests.Serving;

/// <summary>An action-chunk policy served (issue 30): <c>/act</c> answers each observation with its h actions, <c>/metadata</c> says h.</summary>
public sealed partial class ServingProcessTests
{
    [Fact]
    public async Task Act_answers_a_chunk_policy_with_h_actions_per_observation()
    {
        using var dir = new TempDirectory();
        string path = dir.File("chunks.onnx");
        var b = new TrajectoryDatasetBuilder("served-chunks", 2, 2);
        for (var i = 0; i < 40; i++)
        {
            b.AddStep(i / 10, [i / 40f, 1f], [(i % 7 / 3.5f) - 1f, i % 5 / 5f], i % 3, isTerminal: i % 10 == 9, isTruncated: false);
        }

        var data = b.Build(new DatasetLoadOptions { ActionLow = [-2f, 0f], ActionHigh = [2f, 1f] });
        var model = new MLContext(0).OfflineRL().Trainers.QChunking(new QChunkingOptions { ChunkLength = 3, Steps = 20, BatchSize = 16, HiddenSizes = [16] }).Fit(data).Model;
        PolicyOnnxExporter.Export(model, path);
        using var onnx = OnnxPolicy.Load(path);
        float[] obs = [0.1f, 1f, 0.7f, 1f];
        float[] expected = onnx.Act(obs, 2);

        await using var serve = await ServeProcess.StartListeningAsync(Key, "--model", path, "--urls", "http://127.0.0.1:0");
        var bearer = new AuthenticationHeaderValue("Bearer", Key);
        var served = await Send(serve.Client, "/act", "{\"observations\":[[0.1,1],[0.7,1]]}", bearer);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        var rows = Actions(served.Body);
        Assert.Equal(2, rows.Length);
        for (var r = 0; r < 2; r++)
        {
            // Each row: h = 3 actions of 2 values.
            var chunk = rows[r].EnumerateArray().Select(a => a.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
            Assert.Equal(3, chunk.Length);
            Assert.All(chunk, a => Assert.Equal(2, a.Length));
            Assert.Equal(expected.AsSpan(r * 6, 6).ToArray(), chunk.SelectMany(a => a).ToArray());
        }

        var single = await Send(serve.Client, "/act", "{\"observation\":[0.7,1]}", bearer);
        Assert.Equal(expected.AsSpan(6, 6).ToArray(), Actions(single.Body).Single().EnumerateArray().SelectMany(a => a.EnumerateArray().Select(v => v.GetSingle())).ToArray());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metadata") { Headers = { Authorization = bearer } };
        using var response = await serve.Client.SendAsync(request);
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, metadata.RootElement.GetProperty("chunkLength").GetInt32());
    }
}
