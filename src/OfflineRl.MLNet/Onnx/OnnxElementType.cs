namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Element type of an ONNX tensor. The numeric values are the ONNX <c>TensorProto.DataType</c> codes, which
/// ONNX Runtime's <c>ONNXTensorElementDataType</c> shares, so a value converts to either by a cast.
/// </summary>
internal enum OnnxElementType
{
    /// <summary>Not a tensor, or an unknown type.</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE float (ML.NET's <see cref="float"/>).</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer (discrete actions, indices).</summary>
    Int64 = 7,

    /// <summary>UTF-8 string.</summary>
    String = 8,

    /// <summary>Boolean (one byte per element).</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,

    /// <summary>Complex number of two 32-bit floats.</summary>
    Complex64 = 14,

    /// <summary>Complex number of two 64-bit floats.</summary>
    Complex128 = 15,

    /// <summary>Brain floating point (16 bits).</summary>
    BFloat16 = 16,
}
