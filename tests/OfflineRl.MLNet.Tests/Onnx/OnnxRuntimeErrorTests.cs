using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>Bad model files and bad calls: the message says what is wrong and which model.</summary>
public sealed class OnnxRuntimeErrorTests
{
    [Fact]
    public void MissingFileNamesThePath()
    {
        using var folder = new TempDirectory();
        string path = folder.File("does-not-exist.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxPolicy.Load(path));

        Assert.Equal($"ONNX model file not found: '{path}'.", error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void TruncatedModelNamesTheFileAndCarriesOnnxRuntimesMessage()
    {
        using var folder = new TempDirectory();
        byte[] bytes = new ContinuousTestPolicy(seed: 8).CreateBuilder().ToArray();
        string path = folder.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(path));

        Assert.StartsWith($"ONNX Runtime cannot load '{path}': ", error.Message, StringComparison.Ordinal);
        var runtime = Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.False(string.IsNullOrWhiteSpace(runtime.Message));
        Assert.EndsWith(runtime.Message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptModelSaysProtobufParsingFailed()
    {
        using var folder = new TempDirectory();
        string path = folder.File("corrupt.onnx");
        var garbage = new byte[4096];
        new Random(9).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(path));

        Assert.Contains($"ONNX Runtime cannot load '{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Protobuf parsing failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphErrorsFromTheRuntimeAreSurfacedForInMemoryModels()
    {
        // A graph ONNX Runtime rejects at load time: MatMul of [batch, 3] by [2, 2].
        var builder = new OnnxGraphBuilder("bad_shapes");
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 3);
        string w = builder.AddInitializer("w", [1f, 2f, 3f, 4f], 2, 2);
        builder.MatMul(x, w, "y");
        builder.AddBatchedOutput("y", OnnxElementType.Float, 2);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(builder.ToArray()));

        Assert.StartsWith($"ONNX Runtime cannot load '{OnnxPolicy.InMemorySource}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains("MatMul", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ModelWithWrongInputAndOutputTypesListsEveryProblemAndTheModelsTensors()
    {
        var builder = new OnnxGraphBuilder("wrong_types");
        string a = builder.AddBatchedInput("a", OnnxElementType.Int64, 2);
        string b = builder.AddBatchedInput("b", OnnxElementType.Int64, 2);
        builder.Add(a, b, "PredictedAction");
        builder.AddBatchedOutput("PredictedAction", OnnxElementType.Int64, 2);
        using var folder = new TempDirectory();
        string path = folder.File("wrong-types.onnx");
        builder.Save(path);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(path));

        Assert.StartsWith($"'{path}' is not a policy model: no input named 'Observation'; ", error.Message, StringComparison.Ordinal);
        Assert.Contains("output PredictedAction: int64[batch, 2] is neither float32[batch, n] (continuous), float32[batch, h, n] (action chunks) nor int64[batch] (discrete)", error.Message, StringComparison.Ordinal);
        Assert.Contains("It has inputs (a: int64[batch, 2], b: int64[batch, 2]) and outputs (PredictedAction: int64[batch, 2]).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelExportedBeforeTheRenameSaysPredictedActionIsMissing()
    {
        // A policy whose action output still has the old name "Action".
        var builder = new OnnxGraphBuilder("old_name");
        string x = builder.AddBatchedInput("Observation", OnnxElementType.Float, 2);
        builder.Relu(x, "Action");
        builder.AddBatchedOutput("Action", OnnxElementType.Float, 2);

        var error = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(builder.ToArray()));

        Assert.Contains("no output named 'PredictedAction'", error.Message, StringComparison.Ordinal);
        Assert.Contains("outputs (Action: float32[batch, 2])", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionBufferTooShortIsAClearError()
    {
        using var policy = OnnxPolicy.Load(new ContinuousTestPolicy(seed: 10).CreateBuilder().ToArray());

        var error = Assert.Throws<ArgumentException>(() => policy.Act(new float[policy.ObservationSize], new float[policy.ActionSize - 1]));

        Assert.Contains($"The action buffer has {policy.ActionSize - 1} values; the model '{OnnxPolicy.InMemorySource}' writes {policy.ActionSize}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposedPolicyRefusesToAct()
    {
        var policy = OnnxPolicy.Load(new DiscreteTestPolicy(seed: 12).CreateBuilder().ToArray());
        Assert.Equal(policy.ActIndex(new float[4]), policy.Act(new float[4])[0]);
        policy.Dispose();
        policy.Dispose();

        Assert.Throws<ObjectDisposedException>(() => policy.Act(new float[4]));
        Assert.Throws<ObjectDisposedException>(() => policy.ActIndex(new float[4]));
        Assert.Throws<ObjectDisposedException>(() => policy.Act(new float[8], 2));
    }
}
