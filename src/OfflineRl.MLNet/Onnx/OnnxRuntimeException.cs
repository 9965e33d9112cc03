namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// ONNX Runtime reported an error. <see cref="Exception.Message"/> says what this library was doing and quotes
/// the runtime's own text, which is also in <see cref="RuntimeMessage"/>.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates an exception with a message only (error code <see cref="OnnxRuntimeErrorCode.Fail"/>).</summary>
    public OnnxRuntimeException()
        : this("ONNX Runtime reported an error.")
    {
    }

    /// <summary>Creates an exception with a message only (error code <see cref="OnnxRuntimeErrorCode.Fail"/>).</summary>
    public OnnxRuntimeException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception wrapping another one (error code <see cref="OnnxRuntimeErrorCode.Fail"/>).</summary>
    public OnnxRuntimeException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = OnnxRuntimeErrorCode.Fail;
        RuntimeMessage = string.Empty;
    }

    /// <summary>Creates an exception from an ONNX Runtime status.</summary>
    /// <param name="errorCode">The runtime's error code.</param>
    /// <param name="runtimeMessage">The runtime's error text.</param>
    /// <param name="context">What was being done, e.g. "loading model 'x.onnx'".</param>
    public OnnxRuntimeException(OnnxRuntimeErrorCode errorCode, string runtimeMessage, string context)
        : base($"ONNX Runtime failed {context}: [{errorCode}] {runtimeMessage}")
    {
        ErrorCode = errorCode;
        RuntimeMessage = runtimeMessage ?? string.Empty;
    }

    /// <summary>The runtime's error category.</summary>
    public OnnxRuntimeErrorCode ErrorCode { get; }

    /// <summary>The runtime's own error text (empty when the error did not come from the runtime).</summary>
    public string RuntimeMessage { get; }
}
