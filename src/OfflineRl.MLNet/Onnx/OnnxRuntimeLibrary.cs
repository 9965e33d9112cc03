using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Finds and loads the ONNX Runtime native library. The search order is: an explicit path (for example
/// <see cref="OnnxSessionOptions.LibraryPath"/>), then the <see cref="PathEnvironmentVariable"/> environment
/// variable, then the normal native search path (the application folder, where Microsoft.ML.OnnxRuntime's package
/// puts <c>libonnxruntime.so</c>/<c>onnxruntime.dll</c>, and the system library path), then the repository's
/// <c>tools/onnxruntime</c> folder found by walking up from <see cref="AppContext.BaseDirectory"/>.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>Environment variable naming the library file (or the folder holding it).</summary>
    public const string PathEnvironmentVariable = "OFFLINERL_ONNXRUNTIME_PATH";

    /// <summary>The ONNX Runtime version the install script pins.</summary>
    public const string PinnedVersion = "1.30.0";

    /// <summary>The repository-relative folder the install script fills.</summary>
    public const string ToolsFolder = "tools/onnxruntime";

    private const string NpmBinFolder = "node_modules/onnxruntime-node/bin/napi-v6";
    private const string DefaultSearchKey = "<native search path>";

    private static readonly ConcurrentDictionary<string, Lazy<OrtRuntime>> Runtimes = new(StringComparer.Ordinal);
    private static readonly Lock ResolveLock = new();

    /// <summary>How to install the runtime; every "not found" error ends with this text.</summary>
    public static string InstallHint { get; } =
        "Install ONNX Runtime with `build/install-onnxruntime.sh` from the repository root (it runs " +
        $"`ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@{PinnedVersion}` into {ToolsFolder}), " +
        $"or set {PathEnvironmentVariable} to the library file (libonnxruntime.so.1 on Linux, onnxruntime.dll on Windows, " +
        "libonnxruntime.dylib on macOS), or pass its path explicitly.";

    /// <summary>Loads the library (if needed) and returns the runtime's version string, e.g. "1.30.0".</summary>
    /// <param name="libraryPath">An explicit library path, or null to search.</param>
    /// <exception cref="OnnxRuntimeNotFoundException">When the library cannot be found or loaded.</exception>
    public static string GetVersion(string? libraryPath = null) => Get(libraryPath).Version;

    /// <summary>Loads the library (if needed) and says where it came from (a path, or the native search name).</summary>
    /// <param name="libraryPath">An explicit library path, or null to search.</param>
    /// <exception cref="OnnxRuntimeNotFoundException">When the library cannot be found or loaded.</exception>
    public static string GetLibraryLocation(string? libraryPath = null) => Get(libraryPath).LibraryDescription;

    /// <summary>The runtime for an explicit path, or the searched one; loaded once and cached.</summary>
    internal static OrtRuntime Get(string? explicitPath)
    {
        string key = string.IsNullOrWhiteSpace(explicitPath) ? DefaultSearchKey : Path.GetFullPath(explicitPath);
        Lazy<OrtRuntime> lazy = Runtimes.GetOrAdd(key, k => new Lazy<OrtRuntime>(() => LoadRuntime(k == DefaultSearchKey ? null : k)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache failures: the user may install the runtime and retry in the same process.
            Runtimes.TryRemove(new KeyValuePair<string, Lazy<OrtRuntime>>(key, lazy));
            throw;
        }
    }

    /// <summary>
    /// Resolves and loads the native library handle following the documented order.
    /// </summary>
    /// <param name="explicitPath">An explicit path (file or folder), or null.</param>
    /// <param name="environmentValue">The value of <see cref="PathEnvironmentVariable"/>, or null.</param>
    /// <param name="baseDirectory">Where to start walking up for <c>tools/onnxruntime</c>, or null to skip that step.</param>
    /// <param name="searchNativePath">Whether to try the normal native search path.</param>
    /// <param name="description">Where the library came from.</param>
    /// <exception cref="OnnxRuntimeNotFoundException">When no step finds a loadable library.</exception>
    internal static nint Resolve(string? explicitPath, string? environmentValue, string? baseDirectory, bool searchNativePath, out string description)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return LoadConfigured(explicitPath, "The ONNX Runtime library path given", out description);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return LoadConfigured(environmentValue, $"{PathEnvironmentVariable}", out description);
        }

        var searched = new List<string>();
        if (searchNativePath)
        {
            Assembly assembly = typeof(OnnxRuntimeLibrary).Assembly;
            foreach (string name in NativeSearchNames())
            {
                if (NativeLibrary.TryLoad(name, assembly, searchPath: null, out nint handle))
                {
                    description = name;
                    return handle;
                }
            }

            searched.Add($"the native search path ({string.Join(", ", NativeSearchNames())})");
        }

        if (baseDirectory is not null)
        {
            foreach (string candidate in RepositoryCandidates(baseDirectory))
            {
                if (File.Exists(candidate))
                {
                    if (NativeLibrary.TryLoad(candidate, out nint handle))
                    {
                        description = candidate;
                        return handle;
                    }

                    searched.Add($"{candidate} (exists but failed to load)");
                }
            }

            searched.Add($"{ToolsFolder}/{NpmBinFolder}/{PlatformFolder()} in {baseDirectory} and its parent folders");
        }

        throw new OnnxRuntimeNotFoundException(
            $"The ONNX Runtime native library was not found. {PathEnvironmentVariable} is not set; searched {string.Join("; ", searched)}. {InstallHint}");
    }

    /// <summary>
    /// The library file the install script put in <c>tools/onnxruntime</c> of <paramref name="startDirectory"/> or one of its
    /// parents, or <see langword="null"/>. For hosts whose application folder is outside the repository (a notebook kernel,
    /// a tool run from elsewhere): pass the result as <see cref="OnnxSessionOptions.LibraryPath"/>.
    /// </summary>
    /// <param name="startDirectory">Where to start walking up (for example the current directory).</param>
    public static string? FindInRepository(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startDirectory);
        return RepositoryCandidates(startDirectory).FirstOrDefault(File.Exists);
    }

    /// <summary>The library paths the install script would create, for <paramref name="baseDirectory"/> and each parent.</summary>
    internal static IEnumerable<string> RepositoryCandidates(string baseDirectory)
    {
        for (DirectoryInfo? directory = new(Path.GetFullPath(baseDirectory)); directory is not null; directory = directory.Parent)
        {
            string folder = Path.Combine(directory.FullName, ToolsFolder, NpmBinFolder, PlatformFolder());
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in LibraryFilesIn(folder))
            {
                yield return file;
            }
        }
    }

    private static OrtRuntime LoadRuntime(string? explicitPath)
    {
        lock (ResolveLock)
        {
            nint handle = Resolve(
                explicitPath,
                Environment.GetEnvironmentVariable(PathEnvironmentVariable),
                AppContext.BaseDirectory,
                searchNativePath: true,
                out string description);
            return OrtRuntime.Create(handle, description);
        }
    }

    private static nint LoadConfigured(string path, string source, out string description)
    {
        string fullPath = Path.GetFullPath(path);
        string? file = File.Exists(fullPath) ? fullPath
            : Directory.Exists(fullPath) ? LibraryFilesIn(fullPath).FirstOrDefault()
            : null;
        if (file is null)
        {
            throw new OnnxRuntimeNotFoundException(
                $"{source} ('{fullPath}') is not an ONNX Runtime library file or a folder holding one. {InstallHint}");
        }

        try
        {
            description = file;
            return NativeLibrary.Load(file);
        }
        catch (DllNotFoundException e)
        {
            throw new OnnxRuntimeNotFoundException($"{source} ('{file}') could not be loaded: {e.Message} {InstallHint}", e);
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxRuntimeNotFoundException($"{source} ('{file}') is not a loadable native library: {e.Message} {InstallHint}", e);
        }
    }

    private static IEnumerable<string> LibraryFilesIn(string folder)
    {
        string[] names = OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
            : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
            : ["libonnxruntime.so.1", "libonnxruntime.so"];
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                yield return path;
            }
        }

        if (OperatingSystem.IsMacOS())
        {
            foreach (string path in Directory.EnumerateFiles(folder, "libonnxruntime.*.dylib").Order(StringComparer.Ordinal))
            {
                yield return path;
            }
        }
    }

    private static string[] NativeSearchNames() =>
        OperatingSystem.IsWindows() ? ["onnxruntime"]
        : OperatingSystem.IsMacOS() ? ["onnxruntime", "libonnxruntime.dylib"]
        : ["onnxruntime", "libonnxruntime.so.1"];

    private static string PlatformFolder()
    {
        string os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return $"{os}/{arch}";
    }
}
