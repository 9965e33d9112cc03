using System.Text.Json;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Serving;

namespace OfflineRl.MLNet.Tests.Serving;

/// <summary>An action-chunk model served (issue 30): <c>/metadata</c> says h, and a swap to a model of another chunk length is refused.</summary>
public sealed class ServedChunkModelTests
{
    private static TrajectoryDataset Data()
    {
        var b = new TrajectoryDatasetBuilder("served-chunks", 2, 1);
        for (var i = 0; i < 40; i++)
        {
            b.AddStep(i / 10, [i / 40f, 1f], [(i % 7 / 3.5f) - 1f], i % 3, isTerminal: i % 10 == 9, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] });
    }

    [Fact]
    public void Metadata_names_the_chunk_length_and_a_swap_must_keep_it()
    {
        var rl = new MLContext(0).OfflineRL();
        var chunked = rl.Trainers.QChunking(new QChunkingOptions { ChunkLength = 3, Steps = 4, BatchSize = 8, HiddenSizes = [8] }).Fit(Data()).Model;
        var served = ServedModel.Create(PolicyOnnxExporter.ToBytes(chunked), "chunks.onnx", [], 1, null);
        using (var metadata = JsonDocument.Parse(served.MetadataJson))
        {
            Assert.Equal(3, metadata.RootElement.GetProperty("chunkLength").GetInt32());
            Assert.Equal(3, metadata.RootElement.GetProperty("actionSize").GetInt32());
            Assert.Equal("3", metadata.RootElement.GetProperty("metadata").GetProperty(OnnxExportNames.ChunkLengthKey).GetString());
        }

        var single = rl.Trainers.Td3Bc(new Td3BcOptions { Steps = 4, BatchSize = 8, HiddenSizes = [8] }).Fit(Data()).Model;
        var error = Assert.Throws<InvalidDataException>(() => ServedModel.Create(PolicyOnnxExporter.ToBytes(single), "single.onnx", [], 2, served));
        Assert.Contains("chunks of 3 actions of 1 continuous values", error.Message, StringComparison.Ordinal);
    }
}
