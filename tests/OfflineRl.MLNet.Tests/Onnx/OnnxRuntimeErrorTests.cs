using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

public sealed class OnnxRuntimeErrorTests
{
    [Fact]
    public void MissingFileNamesThePath()
    {
        using var folder = new TempDirectory();
        string path = folder.File("does-not-exist.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxModelSession.Open(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => OnnxPolicy.Load(path));
    }

    [Fact]
    public void TruncatedModelSurfacesOnnxRuntimeMessage()
    {
        using var folder = new TempDirectory();
        byte[] bytes = new ContinuousTestPolicy(seed: 8).CreateBuilder().ToArray();
        string path = folder.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxModelSession.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.RuntimeMessage));
        Assert.Contains(error.RuntimeMessage, error.Message, StringComparison.Ordinal);
        Assert.NotEqual(OnnxRuntimeErrorCode.Ok, error.ErrorCode);
    }

    [Fact]
    public void CorruptModelSurfacesOnnxRuntimeMessage()
    {
        using var folder = new TempDirectory();
        string path = folder.File("corrupt.onnx");
        var garbage = new byte[4096];
        new Random(9).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxPolicy.Load(path));

        Assert.Contains("loading model", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.RuntimeMessage));
    }

    [Fact]
    public void GraphErrorsFromTheRuntimeAreSurfaced()
    {
        // A graph ONNX Runtime rejects at load time: MatMul of [batch, 3] by [2, 2].
        var builder = new OnnxGraphBuilder("bad_shapes");
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 3);
        string w = builder.AddInitializer("w", [1f, 2f, 3f, 4f], 2, 2);
        builder.MatMul(x, w, "y");
        builder.AddBatchedOutput("y", OnnxElementType.Float, 2);

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxModelSession.FromBytes(builder.ToArray()));

        Assert.Contains("MatMul", error.RuntimeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InputWidthMismatchGivesAClearMessage()
    {
        var policy = new ContinuousTestPolicy(seed: 10);
        using var session = OnnxModelSession.FromBytes(policy.CreateBuilder().ToArray());

        var error = Assert.Throws<ArgumentException>(() => session.Run([OnnxTensor.FromFloat("Observation", new float[8], 2, 4)]));

        Assert.Contains("input 'Observation' expects float32[batch, 5] but got Observation: float32[2, 4]", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 1 is 4, the model expects 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypeUnknownAndMissingInputsAreReportedTogether()
    {
        var builder = new OnnxGraphBuilder();
        string a = builder.AddBatchedInput("a", OnnxElementType.Float, 2);
        string b = builder.AddBatchedInput("b", OnnxElementType.Float, 2);
        builder.Add(a, b, "sum");
        builder.AddBatchedOutput("sum", OnnxElementType.Float, 2);
        using var session = OnnxModelSession.FromBytes(builder.ToArray());

        var error = Assert.Throws<ArgumentException>(() => session.Run(
            [OnnxTensor.FromInt64("a", [1, 2], 1, 2), OnnxTensor.FromFloat("c", [1f], 1)]));

        Assert.Contains("input 'a' expects float32[batch, 2] but got a: int64[1, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'c' is not an input of the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("input b: float32[batch, 2] is missing", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => session.Run([OnnxTensor.FromFloat("a", [1f, 2f], 1, 2), OnnxTensor.FromFloat("b", [1f, 2f], 1, 2)], ["nope"]));
    }

    [Fact]
    public void ExplicitLibraryPathThatDoesNotExistSaysHowToInstall()
    {
        using var folder = new TempDirectory();
        var options = new OnnxSessionOptions { LibraryPath = folder.File("libonnxruntime.so.1") };
        string model = folder.File("m.onnx");
        new DiscreteTestPolicy(seed: 1).CreateBuilder().Save(model);

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => OnnxModelSession.Open(model, options));

        AssertSaysHowToInstall(error.Message);
        Assert.Contains(folder.File("libonnxruntime.so.1"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingFoundAnywhereSaysHowToInstall()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Resolve(null, null, folder.Path, searchNativePath: false, out _));

        AssertSaysHowToInstall(error.Message);
        Assert.Contains(OnnxRuntimeLibrary.PathEnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentVariablePointingNowhereIsAnErrorNotASilentFallback()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(
            () => OnnxRuntimeLibrary.Resolve(null, folder.File("missing.so"), folder.Path, searchNativePath: true, out _));

        Assert.Contains(OnnxRuntimeLibrary.PathEnvironmentVariable, error.Message, StringComparison.Ordinal);
        AssertSaysHowToInstall(error.Message);
    }

    [Fact]
    public void RepositoryToolsFolderIsFoundFromTheTestBinaries()
    {
        // The search walks up from the test binaries to <repo>/tools/onnxruntime (build/install-onnxruntime.sh).
        Assert.NotEmpty(OnnxRuntimeLibrary.RepositoryCandidates(AppContext.BaseDirectory));
    }

    [Fact]
    public void DisposedSessionRefusesToRun()
    {
        var policy = new DiscreteTestPolicy(seed: 12);
        var session = OnnxModelSession.FromBytes(policy.CreateBuilder().ToArray());
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([OnnxTensor.FromFloat("Observation", new float[4], 1, 4)]));
    }

    private static void AssertSaysHowToInstall(string message)
    {
        Assert.Contains("build/install-onnxruntime.sh", message, StringComparison.Ordinal);
        Assert.Contains("ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node", message, StringComparison.Ordinal);
    }
}
