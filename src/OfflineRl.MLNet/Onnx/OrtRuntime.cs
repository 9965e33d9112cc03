using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// One loaded ONNX Runtime library: its API table, the process-wide <c>OrtEnv</c>, a CPU memory description for
/// caller-owned input buffers and the default allocator. Created once per library by
/// <see cref="OnnxRuntimeLibrary"/> and kept for the life of the process (ONNX Runtime's environment is a
/// process singleton, and the library is never unloaded while sessions may exist).
/// </summary>
internal sealed unsafe class OrtRuntime
{
    private const int LoggingLevelError = 3;
    private const int ArenaAllocator = 1;
    private const int MemTypeDefault = 0;

    private OrtRuntime(OrtApi api, string version, string libraryDescription, nint env, nint cpuMemoryInfo, nint allocator)
    {
        Api = api;
        Version = version;
        LibraryDescription = libraryDescription;
        Env = env;
        CpuMemoryInfo = cpuMemoryInfo;
        Allocator = allocator;
    }

    public OrtApi Api { get; }

    /// <summary>The runtime's version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>Where the library came from (a path, or the native search name).</summary>
    public string LibraryDescription { get; }

    public nint Env { get; }

    public nint CpuMemoryInfo { get; }

    public nint Allocator { get; }

    /// <summary>Binds to a loaded library: <c>OrtGetApiBase</c> → <c>GetApi</c>, then creates the environment.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">When the library is not an ONNX Runtime or is too old.</exception>
    public static OrtRuntime Create(nint library, string libraryDescription)
    {
        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBaseAddress))
        {
            throw new OnnxRuntimeNotFoundException(
                $"'{libraryDescription}' was loaded but has no OrtGetApiBase export, so it is not an ONNX Runtime library. {OnnxRuntimeLibrary.InstallHint}");
        }

        var getApiBase = (delegate* unmanaged<nint*>)getApiBaseAddress;
        nint* apiBase = getApiBase();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";
        nint* table = getApi(OrtApi.ApiVersion);
        if (table is null)
        {
            throw new OnnxRuntimeNotFoundException(
                $"ONNX Runtime {version} at '{libraryDescription}' does not serve C API version {OrtApi.ApiVersion}; version 1.13 or newer is needed. {OnnxRuntimeLibrary.InstallHint}");
        }

        var api = new OrtApi(table);
        if (!api.SelfTest())
        {
            throw new OnnxRuntimeException(
                $"ONNX Runtime {version} at '{libraryDescription}' failed the C API self-test (status round trip); its function table does not match this binding.");
        }

        nint env;
        fixed (byte* logId = "OfflineRl.MLNet\0"u8)
        {
            api.Check(api.CreateEnv(LoggingLevelError, logId, &env), "creating the environment");
        }

        nint memoryInfo;
        api.Check(api.CreateCpuMemoryInfo(ArenaAllocator, MemTypeDefault, &memoryInfo), "creating the CPU memory description");
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator");
        return new OrtRuntime(api, version, libraryDescription, env, memoryInfo, allocator);
    }

    /// <summary>Copies a string the runtime allocated with the default allocator, then frees it.</summary>
    public string TakeAllocatedString(byte* value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        string text = Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;
        Free(value);
        return text;
    }

    /// <summary>Frees memory the runtime allocated with the default allocator.</summary>
    public void Free(void* pointer)
    {
        if (pointer is not null)
        {
            Api.Check(Api.AllocatorFree(Allocator, pointer), "freeing runtime memory");
        }
    }
}
