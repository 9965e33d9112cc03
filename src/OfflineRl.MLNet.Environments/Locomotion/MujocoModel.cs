using System.Runtime.InteropServices;
using System.Text;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// A compiled MuJoCo model (mjModel), loaded from an MJCF string through MuJoCo's virtual file system so nothing touches
/// the disk. Read-only once loaded, so one model serves every simulation of an environment type, on any thread.
/// </summary>
internal sealed unsafe class MujocoModel
{
    private readonly byte* _model;

    private MujocoModel(byte* model)
    {
        _model = model;
        Positions = *(int*)(model + MujocoNative.ModelNq);
        Velocities = *(int*)(model + MujocoNative.ModelNv);
        Controls = *(int*)(model + MujocoNative.ModelNu);
        Bodies = *(int*)(model + MujocoNative.ModelNbody);
        Timestep = *(double*)(model + MujocoNative.ModelTimestep);
    }

    /// <summary>nq, the length of qpos.</summary>
    public int Positions { get; }

    /// <summary>nv, the length of qvel.</summary>
    public int Velocities { get; }

    /// <summary>nu, the length of ctrl.</summary>
    public int Controls { get; }

    /// <summary>nbody, including the world body.</summary>
    public int Bodies { get; }

    /// <summary>opt.timestep, seconds per <c>mj_step</c>.</summary>
    public double Timestep { get; }

    internal byte* Pointer => _model;

    /// <summary>Compiles an MJCF document.</summary>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo 2.2.2 cannot be loaded.</exception>
    /// <exception cref="ArgumentException">When MuJoCo rejects the document; the message is MuJoCo's.</exception>
    public static MujocoModel FromXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        MujocoNative.EnsureLoaded();
        const string name = "model.xml";
        var bytes = Encoding.UTF8.GetBytes(xml);
        var vfs = (byte*)NativeMemory.AllocZeroed(MujocoNative.VfsSize);
        try
        {
            MujocoNative.mj_defaultVFS(vfs);
            if (MujocoNative.mj_makeEmptyFileVFS(vfs, name, bytes.Length) != 0)
            {
                throw new InvalidOperationException("MuJoCo could not add the model to its virtual file system.");
            }

            var file = *(byte**)(vfs + MujocoNative.VfsFileDataOffset);
            bytes.CopyTo(new Span<byte>(file, bytes.Length));
            const int errorSize = 1000;
            var error = stackalloc byte[errorSize];
            var model = MujocoNative.mj_loadXML(name, vfs, error, errorSize);
            if (model is null)
            {
                throw new ArgumentException($"MuJoCo rejected the model: {Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(error))}", nameof(xml));
            }

            return new MujocoModel(model);
        }
        finally
        {
            MujocoNative.mj_deleteVFS(vfs);
            NativeMemory.Free(vfs);
        }
    }
}
