using static OfflineRl.MLNet.Tests.ExternalPython;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// Small D4RL-layout HDF5 files written by h5py into a temporary folder (removed on dispose): six steps, two episodes,
/// in either group style, with Python code run on the open file and byte patterns patched in the written file.
/// </summary>
internal sealed class SmallD4rlHdf5 : IDisposable
{
    /// <summary>argv: path, libver, code run with the open file as f, a Python list of (old, new) byte patches — each old
    /// pattern must occur — and whether to write the rewards ("1") or leave them to the code ("0").</summary>
    private const string Script = """
        import sys, struct
        import h5py
        import numpy as np
        n = 6
        with h5py.File(sys.argv[1], 'w', libver=sys.argv[2]) as f:
            f['observations'] = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
            f['actions'] = np.full((n, 1), 0.5, dtype=np.float32)
            if sys.argv[5] == '1':
                f['rewards'] = np.ones(n, dtype=np.float32)
            f['terminals'] = np.array([0, 0, 1, 0, 0, 0], dtype=bool)
            f['timeouts'] = np.array([0, 0, 0, 0, 0, 1], dtype=bool)
            exec(sys.argv[3])
        data = open(sys.argv[1], 'rb').read()
        for old, new in eval(sys.argv[4]):
            assert old in data, old
            data = data.replace(old, new)
        open(sys.argv[1], 'wb').write(data)
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-hdf5-{Guid.NewGuid():N}");

    public SmallD4rlHdf5() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a file and returns its path.</summary>
    /// <param name="libver">h5py's libver: 'earliest' (symbol tables) or 'latest' (link messages).</param>
    /// <param name="code">Python run with the open file as f (and n = 6).</param>
    /// <param name="patches">A Python list of (old bytes, new bytes) replaced in the written file.</param>
    /// <param name="rewards">Whether the file gets ones as rewards before <paramref name="code"/> runs.</param>
    public string Write(string libver, string code, string patches = "[]", bool rewards = true)
    {
        var path = Path.Combine(_dir, $"f-{Guid.NewGuid():N}.hdf5");
        Run(Script, _dir, path, libver, code, patches, rewards ? "1" : "0");
        return path;
    }
}
