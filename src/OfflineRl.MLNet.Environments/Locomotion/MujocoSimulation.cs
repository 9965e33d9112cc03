using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// One simulation state (mjData) of a <see cref="MujocoModel"/>: positions, velocities and controls as spans over
/// MuJoCo's own arrays, stepping, and reset. Not thread-safe; one per environment instance.
/// </summary>
internal sealed unsafe class MujocoSimulation : IDisposable
{
    private readonly MujocoModel _model;
    private readonly DataHandle _data;

    public MujocoSimulation(MujocoModel model)
    {
        _model = model;
        var data = MujocoNative.mj_makeData(model.Pointer);
        if (data is null)
        {
            throw new InsufficientMemoryException("MuJoCo could not allocate the simulation's data (mj_makeData).");
        }

        _data = new DataHandle((IntPtr)data);
    }

    public MujocoModel Model => _model;

    /// <summary>qpos (nq values).</summary>
    public Span<double> Positions => Array(MujocoNative.DataQpos, _model.Positions);

    /// <summary>qvel (nv values).</summary>
    public Span<double> Velocities => Array(MujocoNative.DataQvel, _model.Velocities);

    /// <summary>ctrl (nu values); MuJoCo clamps them to each actuator's ctrlrange when it applies them.</summary>
    public Span<double> Controls => Array(MujocoNative.DataCtrl, _model.Controls);

    /// <summary>xpos, the bodies' world positions (nbody × 3), as of the last forward pass.</summary>
    public ReadOnlySpan<double> BodyPositions => Array(MujocoNative.DataXpos, _model.Bodies * 3);

    /// <summary>Simulated time in seconds.</summary>
    public double Time => *(double*)(Data + MujocoNative.DataTime);

    /// <summary>How often MuJoCo found the accelerations unstable and reset the state itself.</summary>
    public int Instabilities => *(int*)(Data + MujocoNative.DataWarning + (8 * MujocoNative.WarningBadQacc) + 4);

    private byte* Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(_data.IsClosed, this);
            return (byte*)_data.DangerousGetHandle();
        }
    }

    /// <summary>Resets to the model's reference configuration (qpos0, zero velocity), then sets qpos and qvel and runs
    /// a forward pass so derived quantities match.</summary>
    public void Reset(ReadOnlySpan<double> positions, ReadOnlySpan<double> velocities)
    {
        MujocoNative.mj_resetData(_model.Pointer, Data);
        positions.CopyTo(Positions);
        velocities.CopyTo(Velocities);
        MujocoNative.mj_forward(_model.Pointer, Data);
    }

    /// <summary>The reference configuration qpos0 (what <c>mj_resetData</c> sets).</summary>
    public double[] ReferencePositions()
    {
        MujocoNative.mj_resetData(_model.Pointer, Data);
        return Positions.ToArray();
    }

    /// <summary>Advances <paramref name="steps"/> physics steps with the current controls.</summary>
    public void Step(int steps)
    {
        var data = Data;
        for (var i = 0; i < steps; i++)
        {
            MujocoNative.mj_step(_model.Pointer, data);
        }
    }

    public void Dispose() => _data.Dispose();

    private Span<double> Array(int offset, int length) => new(*(double**)(Data + offset), length);

    private sealed class DataHandle : SafeHandle
    {
        public DataHandle(IntPtr data)
            : base(IntPtr.Zero, ownsHandle: true) => SetHandle(data);

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            MujocoNative.mj_deleteData((byte*)handle);
            return true;
        }
    }
}
