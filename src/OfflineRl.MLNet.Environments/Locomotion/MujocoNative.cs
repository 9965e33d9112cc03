using System.Reflection;
using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The few functions of MuJoCo's C API the locomotion environments need, and the layout of the two structs they read.
/// The layout is MuJoCo 2.2.2's (Debian's <c>libmujoco2.2.2</c>); <see cref="EnsureLoaded"/> refuses any other version,
/// and a test compiles <c>offsetof</c> against the installed headers to check every offset here.
/// </summary>
internal static unsafe partial class MujocoNative
{
    public const string Library = "mujoco";
    public const int SupportedVersion = 222;
    public const string DebianPackage = "libmujoco2.2.2";

    // mjVFS: int nfile; char filename[2000][1000]; int filesize[2000]; void* filedata[2000].
    public const int VfsSize = 2024008;
    public const int VfsFileDataOffset = 2008008;

    // mjModel: int nq, nv, nu, na, nbody, …; mjOption opt (timestep first).
    public const int ModelNq = 0;
    public const int ModelNv = 4;
    public const int ModelNu = 8;
    public const int ModelNbody = 16;
    public const int ModelTimestep = 232;

    // mjData: the warning statistics (8 × {int lastinfo; int number}) near the start, then time and the array pointers.
    public const int DataWarning = 24;
    public const int DataTime = 40336;
    public const int DataQpos = 40376;
    public const int DataQvel = 40384;
    public const int DataCtrl = 40408;
    public const int DataXpos = 40480;

    /// <summary>mjtWarning's mjWARN_BADQACC: the simulation became unstable and MuJoCo reset its state.</summary>
    public const int WarningBadQacc = 6;

    private static readonly Lazy<string?> LoadError = new(Probe);
    private static IntPtr _library;

    static MujocoNative() => NativeLibrary.SetDllImportResolver(typeof(MujocoNative).Assembly, Resolve);

    /// <summary>Loads the library once and checks its version.</summary>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo is missing or not version 2.2.2; the message says what to install.</exception>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            throw new PlatformNotSupportedException(error);
        }
    }

    /// <summary>Whether MuJoCo 2.2.2 can be loaded on this machine.</summary>
    public static bool IsAvailable => LoadError.Value is null;

    private static string? Probe()
    {
        int version;
        try
        {
            version = mj_version();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return $"MuJoCo's native library was not found ({e.Message}). The locomotion environments need MuJoCo 2.2.2: " +
                   $"on Debian or Ubuntu run `apt-get install {DebianPackage}`; elsewhere put libmujoco 2.2.2 on the library path.";
        }

        if (version != SupportedVersion)
        {
            return $"MuJoCo {version / 100}.{version / 10 % 10}.{version % 10} was loaded, but this binding reads MuJoCo 2.2.2's " +
                   $"struct layout; install {DebianPackage}.";
        }

        SilenceWarnings();
        return null;
    }

    // The Debian runtime package ships only the versioned name; the -dev package adds libmujoco.so.
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libmujoco.so.2.2.2", Library })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                _library = handle;
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    // MuJoCo prints warnings (for example an unstable simulation) to stdout, where they would mix with a CLI's output;
    // the environments read the warning counters in mjData instead.
    private static void SilenceWarnings()
    {
        var slot = (delegate* unmanaged<byte*, void>*)NativeLibrary.GetExport(_library, "mju_user_warning");
        *slot = &IgnoreWarning;
    }

    [UnmanagedCallersOnly]
    private static void IgnoreWarning(byte* message)
    {
    }

    [LibraryImport(Library)]
    public static partial int mj_version();

    [LibraryImport(Library)]
    public static partial void mj_defaultVFS(byte* vfs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mj_makeEmptyFileVFS(byte* vfs, string filename, int filesize);

    [LibraryImport(Library)]
    public static partial void mj_deleteVFS(byte* vfs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial byte* mj_loadXML(string filename, byte* vfs, byte* error, int errorSize);

    [LibraryImport(Library)]
    public static partial void mj_deleteModel(byte* model);

    [LibraryImport(Library)]
    public static partial byte* mj_makeData(byte* model);

    [LibraryImport(Library)]
    public static partial void mj_deleteData(byte* data);

    [LibraryImport(Library)]
    public static partial void mj_resetData(byte* model, byte* data);

    [LibraryImport(Library)]
    public static partial void mj_forward(byte* model, byte* data);

    [LibraryImport(Library)]
    public static partial void mj_step(byte* model, byte* data);
}
