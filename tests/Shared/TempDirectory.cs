namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>
/// A scratch folder deleted on dispose. When OFFLINERL_ONNX_TEST_OUTPUT is set, models are written there instead
/// and kept, so they can be inspected (for example with onnx.checker).
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly bool _keep;

    public TempDirectory()
    {
        string? keepFolder = Environment.GetEnvironmentVariable("OFFLINERL_ONNX_TEST_OUTPUT");
        _keep = !string.IsNullOrWhiteSpace(keepFolder);
        Path = _keep ? System.IO.Path.GetFullPath(keepFolder!) : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "offlinerl-onnx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (!_keep && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
