using PureHDF;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Writes a dataset as HDF5 in D4RL's flat layout (<c>observations, actions, rewards, terminals, timeouts</c>, and
/// <c>next_observations</c> when recorded), which D4RL-style readers (h5py, d3rlpy, CORL) open. Terminals and timeouts are
/// kept apart and stored as uint8 0/1. Like the .npz writer it also writes <c>episode_ids</c> and the declared action space
/// (<c>action_count</c> or <c>action_low</c>/<c>action_high</c>), which D4RL readers ignore and <see cref="Hdf5DatasetLoader"/> reads.
/// </summary>
public static class Hdf5DatasetWriter
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(TrajectoryDataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var n = (ulong)data.Count;
        var d = (ulong)data.ObservationDimension;
        var file = new H5File
        {
            ["observations"] = new H5Dataset(data.Observations.ToArray(), fileDims: [n, d]),
            ["rewards"] = new H5Dataset(data.Rewards.ToArray(), fileDims: [n]),
            ["terminals"] = new H5Dataset(Flags(data.IsTerminal), fileDims: [n]),
            ["timeouts"] = new H5Dataset(Flags(data.IsTruncated), fileDims: [n]),
        };
        if (data.ActionSpace.IsDiscrete)
        {
            file["actions"] = new H5Dataset(Array.ConvertAll(data.DiscreteActions.ToArray(), a => (long)a), fileDims: [n]);
            file["action_count"] = new H5Dataset(new long[] { data.ActionSpace.Count }, fileDims: [1]);
        }
        else
        {
            var k = (ulong)data.ActionSpace.Dimension;
            file["actions"] = new H5Dataset(data.ContinuousActions.ToArray(), fileDims: [n, k]);
            if (data.ActionSpace.IsBounded)
            {
                file["action_low"] = new H5Dataset(data.ActionSpace.Low!.ToArray(), fileDims: [k]);
                file["action_high"] = new H5Dataset(data.ActionSpace.High!.ToArray(), fileDims: [k]);
            }
        }

        if (data.HasNextObservations)
        {
            file["next_observations"] = new H5Dataset(data.NextObservations.ToArray(), fileDims: [n, d]);
        }

        var ids = new long[data.Count];
        foreach (var ep in data.Episodes)
        {
            ids.AsSpan(ep.Start, ep.Length).Fill(ep.Id);
        }

        file["episode_ids"] = new H5Dataset(ids, fileDims: [n]);

        // PureHDF writes to a readable, seekable stream; the finished bytes then go through the atomic write.
        using var buffer = new MemoryStream();
        file.Write(buffer);
        AtomicFile.Write(path, stream =>
        {
            buffer.Position = 0;
            buffer.CopyTo(stream);
        });
    }

    private static byte[] Flags(ReadOnlySpan<bool> flags)
    {
        var bytes = new byte[flags.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            bytes[i] = flags[i] ? (byte)1 : (byte)0;
        }

        return bytes;
    }
}
