namespace OfflineRl.MLNet.Onnx;

/// <summary>ONNX Runtime's error category (<c>OrtErrorCode</c> in the C API, same numbering).</summary>
public enum OnnxRuntimeErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>Unspecified failure.</summary>
    Fail = 1,

    /// <summary>An argument (for example an input shape or type) is invalid.</summary>
    InvalidArgument = 2,

    /// <summary>A file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model is loaded.</summary>
    NoModel = 4,

    /// <summary>Execution engine failure.</summary>
    EngineError = 5,

    /// <summary>An exception inside the runtime.</summary>
    RuntimeException = 6,

    /// <summary>The model bytes are not a valid ONNX protobuf (truncated or corrupt file).</summary>
    InvalidProtobuf = 7,

    /// <summary>The model is already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The requested feature is not implemented.</summary>
    NotImplemented = 9,

    /// <summary>The graph is invalid (unknown operator, type mismatch, bad shapes).</summary>
    InvalidGraph = 10,

    /// <summary>Execution provider failure.</summary>
    EpFail = 11,
}
