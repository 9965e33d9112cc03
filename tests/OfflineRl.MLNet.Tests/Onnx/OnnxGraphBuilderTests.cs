using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Onnx.Proto;

namespace OfflineRl.MLNet.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void WrittenModelParsesBackWithVersionsOpsetShapesAndMetadata()
    {
        var policy = new ContinuousTestPolicy(seed: 1);
        OnnxGraphBuilder builder = policy.CreateBuilder();
        builder.SetMetadata("data_hash", "sha256:abc");
        builder.SetMetadata("algorithm", "iql");
        builder.Description = "test model";
        using var folder = new TempDirectory();
        string path = folder.File("continuous.onnx");

        builder.Save(path);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

        Assert.Equal(8, model.IrVersion);
        OperatorSetIdProto opset = Assert.Single(model.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal("OfflineRl.MLNet", model.ProducerName);
        Assert.False(string.IsNullOrEmpty(model.ProducerVersion));
        Assert.Equal("test model", model.DocString);
        Assert.Equal(
            [("algorithm", "iql"), ("options", "{\"hidden\":[32,32]}"), ("data_hash", "sha256:abc")],
            model.MetadataProps.Select(p => (p.Key, p.Value)));

        ValueInfoProto input = Assert.Single(model.Graph.Input);
        Assert.Equal("Observation", input.Name);
        Assert.Equal((int)OnnxElementType.Float, input.Type.TensorType.ElemType);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(policy.ObservationSize, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(["PredictedAction", "ActionMean"], model.Graph.Output.Select(o => o.Name));
        Assert.Contains(model.Graph.Node, n => n.OpType == "Gemm");

        TensorProto weight = model.Graph.Initializer.Single(t => t.Name == "actor.0.weight");
        Assert.Equal([32L, policy.ObservationSize], weight.Dims);
        Assert.Equal(policy.Layers[0].Weights.Length * sizeof(float), weight.RawData.Length);
        Assert.Equal(policy.Layers[0].Weights[1], BitConverter.ToSingle(weight.RawData.Span[4..8]));
    }

    [Fact]
    public void MetadataRoundTripsThroughOnnxRuntime()
    {
        OnnxGraphBuilder builder = new DiscreteTestPolicy(seed: 2).CreateBuilder();
        builder.SetMetadata("library_version", "0.1.0");
        builder.SetMetadata("algorithm", "bc");
        builder.SetMetadata("algorithm", "filtered-bc");
        using var session = new InferenceSession(builder.ToArray());
        ModelMetadata metadata = session.ModelMetadata;

        Assert.Equal("filtered-bc", metadata.CustomMetadataMap["algorithm"]);
        Assert.Equal("0.1.0", metadata.CustomMetadataMap["library_version"]);
        Assert.Equal(2, metadata.CustomMetadataMap.Count);
        Assert.Equal("OfflineRl.MLNet", metadata.ProducerName);
        Assert.Equal("discrete_test_policy", metadata.GraphName);
    }

    [Fact]
    public void SaveReplacesAnExistingFileAndLeavesNoTemporaryFiles()
    {
        using var folder = new TempDirectory();
        string path = folder.File(Path.Combine("nested", "model.onnx"));
        File.WriteAllText(Path.Combine(folder.Path, "unrelated.txt"), "x");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old contents");

        new DiscreteTestPolicy(seed: 4).CreateBuilder().Save(path);

        Assert.Equal(["model.onnx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal("discrete_test_policy", ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Name);
    }

    [Fact]
    public void UndefinedInputsDuplicateNamesAndBadInitializersAreRejected()
    {
        var builder = new OnnxGraphBuilder();
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 2);

        var undefined = Assert.Throws<ArgumentException>(() => builder.Relu("missing"));
        Assert.Contains("'missing' is not defined", undefined.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.AddBatchedInput("x", OnnxElementType.Float, 2));
        var count = Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", [1f, 2f, 3f], 2, 2));
        Assert.Contains("3 values but shape [2, 2] holds 4", count.Message, StringComparison.Ordinal);
        builder.Relu(x, "y");
        Assert.Throws<ArgumentException>(() => builder.Tanh(x, "y"));
        Assert.Throws<ArgumentException>(() => builder.AddOutput("nope", OnnxElementType.Float, 2));
        Assert.Throws<InvalidOperationException>(() => builder.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxGraphBuilder(opsetVersion: 18));
    }

    [Fact]
    public void MlpRejectsLayersThatDoNotChain()
    {
        var random = new Random(5);
        var builder = new OnnxGraphBuilder();
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 3);
        OnnxDenseLayer[] layers =
        [
            OnnxReference.RandomLayer(random, 3, 8, OnnxActivation.Relu),
            OnnxReference.RandomLayer(random, 7, 2, OnnxActivation.None),
        ];

        var error = Assert.Throws<ArgumentException>(() => builder.AppendMlp(x, layers, "q"));
        Assert.Contains("layer 1 takes 7 inputs but layer 0 produces 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseLayerAndBlocksReportEveryProblem()
    {
        var layer = Assert.Throws<ArgumentException>(() => new OnnxDenseLayer(2, 3, new float[5], new float[2]));
        Assert.Contains("weights has 5 values", layer.Message, StringComparison.Ordinal);
        Assert.Contains("bias has 2 values; expected 3", layer.Message, StringComparison.Ordinal);

        var builder = new OnnxGraphBuilder();
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 2);
        var norm = Assert.Throws<ArgumentException>(() => builder.AppendNormalization(x, [0f, float.NaN], [1f, 0f], "n"));
        Assert.Contains("mean[1] is NaN", norm.Message, StringComparison.Ordinal);
        Assert.Contains("std[1] is 0", norm.Message, StringComparison.Ordinal);
        var unscale = Assert.Throws<ArgumentException>(() => builder.AppendActionUnscaling(x, [1f, 0f], [0f, 1f], "u"));
        Assert.Contains("bounds[0] are [1, 0]", unscale.Message, StringComparison.Ordinal);
    }
}
