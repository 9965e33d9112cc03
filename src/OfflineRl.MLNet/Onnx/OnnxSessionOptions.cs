namespace OfflineRl.MLNet.Onnx;

/// <summary>How to load the runtime and configure a session.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Default <see cref="IntraOpThreads"/>: one thread (predictable under contention; DESIGN §7).</summary>
    public const int DefaultIntraOpThreads = 1;

    /// <summary>Explicit ONNX Runtime library file (or folder holding it); null searches as <see cref="OnnxRuntimeLibrary"/> describes.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (all cores).</summary>
    public int IntraOpThreads { get; init; } = DefaultIntraOpThreads;

    /// <summary>Whether ONNX Runtime applies its graph optimizations (fusions, constant folding); default true.</summary>
    public bool OptimizeGraph { get; init; } = true;
}
