namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// The ONNX Runtime native library could not be found or loaded. The message lists where it was looked for and
/// how to install it (<see cref="OnnxRuntimeLibrary.InstallHint"/>).
/// </summary>
public sealed class OnnxRuntimeNotFoundException : Exception
{
    /// <summary>Creates an exception whose message is the install hint.</summary>
    public OnnxRuntimeNotFoundException()
        : this(OnnxRuntimeLibrary.InstallHint)
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public OnnxRuntimeNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public OnnxRuntimeNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
