using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Onnx;

/// <summary>Owns one ONNX Runtime object and frees it with the matching <c>Release*</c> function from the API table.</summary>
internal sealed unsafe class OrtSafeHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    public OrtSafeHandle(nint handle, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
