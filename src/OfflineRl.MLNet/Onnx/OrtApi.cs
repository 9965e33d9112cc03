using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// The part of ONNX Runtime's C API table (<c>struct OrtApi</c>) this library calls, as typed function pointers.
/// </summary>
/// <remarks>
/// <c>OrtGetApiBase()</c> returns <c>{ GetApi(uint version), GetVersionString() }</c>; <c>GetApi</c> returns a
/// pointer to an array of function pointers whose order is fixed by <c>onnxruntime_c_api.h</c> (the struct only
/// ever grows at the end). The indices below were counted from that header (API version 13 layout) and agree with
/// the project's design notes; <see cref="SelfTest"/> checks a few of them against the loaded library at start-up.
/// Pointer-typed parameters are <see cref="nint"/>; <c>size_t</c> is <see cref="nuint"/>; C enums are <see cref="int"/>.
/// The platform default calling convention is used (cdecl on Linux/macOS, the x64 convention on Windows).
/// </remarks>
internal sealed unsafe class OrtApi
{
    /// <summary>The C API version requested from <c>GetApi</c>; every runtime from 1.13 on serves it.</summary>
    public const uint ApiVersion = 13;

    // Indices into the OrtApi function table (onnxruntime_c_api.h).
    public const int CreateStatusIndex = 0;
    public const int GetErrorCodeIndex = 1;
    public const int GetErrorMessageIndex = 2;
    public const int CreateEnvIndex = 3;
    public const int CreateSessionIndex = 7;
    public const int CreateSessionFromArrayIndex = 8;
    public const int RunIndex = 9;
    public const int CreateSessionOptionsIndex = 10;
    public const int SetSessionGraphOptimizationLevelIndex = 23;
    public const int SetIntraOpNumThreadsIndex = 24;
    public const int SetInterOpNumThreadsIndex = 25;
    public const int SessionGetInputCountIndex = 30;
    public const int SessionGetOutputCountIndex = 31;
    public const int SessionGetInputTypeInfoIndex = 33;
    public const int SessionGetOutputTypeInfoIndex = 34;
    public const int SessionGetInputNameIndex = 36;
    public const int SessionGetOutputNameIndex = 37;
    public const int CreateTensorWithDataAsOrtValueIndex = 49;
    public const int GetTensorMutableDataIndex = 51;
    public const int CastTypeInfoToTensorInfoIndex = 55;
    public const int GetOnnxTypeFromTypeInfoIndex = 56;
    public const int GetTensorElementTypeIndex = 60;
    public const int GetDimensionsCountIndex = 61;
    public const int GetDimensionsIndex = 62;
    public const int GetSymbolicDimensionsIndex = 63;
    public const int GetTensorTypeAndShapeIndex = 65;
    public const int CreateCpuMemoryInfoIndex = 69;
    public const int AllocatorFreeIndex = 76;
    public const int GetAllocatorWithDefaultOptionsIndex = 78;
    public const int ReleaseEnvIndex = 92;
    public const int ReleaseStatusIndex = 93;
    public const int ReleaseMemoryInfoIndex = 94;
    public const int ReleaseSessionIndex = 95;
    public const int ReleaseValueIndex = 96;
    public const int ReleaseTypeInfoIndex = 98;
    public const int ReleaseTensorTypeAndShapeInfoIndex = 99;
    public const int ReleaseSessionOptionsIndex = 100;
    public const int SessionGetModelMetadataIndex = 111;
    public const int ModelMetadataGetProducerNameIndex = 112;
    public const int ModelMetadataGetGraphNameIndex = 113;
    public const int ModelMetadataGetDescriptionIndex = 115;
    public const int ModelMetadataLookupCustomMetadataMapIndex = 116;
    public const int ReleaseModelMetadataIndex = 118;
    public const int ModelMetadataGetCustomMetadataMapKeysIndex = 123;

    /// <summary>Highest index used; the table must have at least this many entries.</summary>
    public const int HighestIndex = ModelMetadataGetCustomMetadataMapKeysIndex;

    public readonly delegate* unmanaged<int, byte*, nint> CreateStatus;
    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged<nint, void*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetDescription;
    public readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<nint, void> ReleaseModelMetadata;
    public readonly delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys;

    /// <summary>Reads the function pointers out of the table returned by <c>GetApi</c>.</summary>
    public OrtApi(nint* table)
    {
        CreateStatus = (delegate* unmanaged<int, byte*, nint>)table[CreateStatusIndex];
        GetErrorCode = (delegate* unmanaged<nint, int>)table[GetErrorCodeIndex];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)table[GetErrorMessageIndex];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)table[CreateEnvIndex];
        CreateSession = (delegate* unmanaged<nint, void*, nint, nint*, nint>)table[CreateSessionIndex];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)table[CreateSessionFromArrayIndex];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)table[RunIndex];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)table[CreateSessionOptionsIndex];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)table[SetSessionGraphOptimizationLevelIndex];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[SetIntraOpNumThreadsIndex];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)table[SetInterOpNumThreadsIndex];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)table[SessionGetInputCountIndex];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)table[SessionGetOutputCountIndex];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[SessionGetInputTypeInfoIndex];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)table[SessionGetOutputTypeInfoIndex];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[SessionGetInputNameIndex];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[SessionGetOutputNameIndex];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)table[CreateTensorWithDataAsOrtValueIndex];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)table[GetTensorMutableDataIndex];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)table[CastTypeInfoToTensorInfoIndex];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)table[GetOnnxTypeFromTypeInfoIndex];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)table[GetTensorElementTypeIndex];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)table[GetDimensionsCountIndex];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)table[GetDimensionsIndex];
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)table[GetSymbolicDimensionsIndex];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)table[GetTensorTypeAndShapeIndex];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)table[CreateCpuMemoryInfoIndex];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)table[AllocatorFreeIndex];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)table[GetAllocatorWithDefaultOptionsIndex];
        ReleaseEnv = (delegate* unmanaged<nint, void>)table[ReleaseEnvIndex];
        ReleaseStatus = (delegate* unmanaged<nint, void>)table[ReleaseStatusIndex];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)table[ReleaseMemoryInfoIndex];
        ReleaseSession = (delegate* unmanaged<nint, void>)table[ReleaseSessionIndex];
        ReleaseValue = (delegate* unmanaged<nint, void>)table[ReleaseValueIndex];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)table[ReleaseTypeInfoIndex];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)table[ReleaseTensorTypeAndShapeInfoIndex];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)table[ReleaseSessionOptionsIndex];
        SessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)table[SessionGetModelMetadataIndex];
        ModelMetadataGetProducerName = (delegate* unmanaged<nint, nint, byte**, nint>)table[ModelMetadataGetProducerNameIndex];
        ModelMetadataGetGraphName = (delegate* unmanaged<nint, nint, byte**, nint>)table[ModelMetadataGetGraphNameIndex];
        ModelMetadataGetDescription = (delegate* unmanaged<nint, nint, byte**, nint>)table[ModelMetadataGetDescriptionIndex];
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<nint, nint, byte*, byte**, nint>)table[ModelMetadataLookupCustomMetadataMapIndex];
        ReleaseModelMetadata = (delegate* unmanaged<nint, void>)table[ReleaseModelMetadataIndex];
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<nint, nint, byte***, long*, nint>)table[ModelMetadataGetCustomMetadataMapKeysIndex];
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> with the runtime's text when <paramref name="status"/> is an error; frees the status.</summary>
    /// <param name="status">The <c>OrtStatus*</c> a call returned (null = success).</param>
    /// <param name="context">What was being done, for the message ("loading model 'x.onnx'").</param>
    public void Check(nint status, string context)
    {
        if (status == 0)
        {
            return;
        }

        var code = (OnnxRuntimeErrorCode)GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? string.Empty;
        ReleaseStatus(status);
        throw new OnnxRuntimeException(code, message, context);
    }

    /// <summary>
    /// Creates and reads back a status through <c>CreateStatus</c>, <c>GetErrorCode</c>, <c>GetErrorMessage</c> and
    /// <c>ReleaseStatus</c>; a table laid out differently from what this class expects fails here instead of crashing later.
    /// </summary>
    /// <returns>True when the round trip gave back the code and text.</returns>
    public bool SelfTest()
    {
        ReadOnlySpan<byte> probe = "offlinerl-probe\0"u8;
        fixed (byte* text = probe)
        {
            nint status = CreateStatus((int)OnnxRuntimeErrorCode.InvalidGraph, text);
            if (status == 0)
            {
                return false;
            }

            try
            {
                return GetErrorCode(status) == (int)OnnxRuntimeErrorCode.InvalidGraph
                    && Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) == "offlinerl-probe";
            }
            finally
            {
                ReleaseStatus(status);
            }
        }
    }
}
