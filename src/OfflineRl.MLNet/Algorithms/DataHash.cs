using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Algorithms;

/// <summary>A SHA-256 fingerprint of the training data (observations, actions, rewards, end flags, episode bounds).</summary>
public static class DataHash
{
    /// <summary>The first 16 hex digits of the SHA-256 of the dataset's columns.</summary>
    public static string Of(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(data.Observations));
        if (data.ActionSpace.IsDiscrete)
        {
            sha.AppendData(MemoryMarshal.AsBytes(data.DiscreteActions));
        }
        else
        {
            sha.AppendData(MemoryMarshal.AsBytes(data.ContinuousActions));
        }

        sha.AppendData(MemoryMarshal.AsBytes(data.Rewards));
        sha.AppendData(MemoryMarshal.AsBytes(data.IsTerminal));
        sha.AppendData(MemoryMarshal.AsBytes(data.IsTruncated));
        sha.AppendData(MemoryMarshal.AsBytes(data.EpisodeOffsets));
        if (data.HasNextObservations)
        {
            sha.AppendData(MemoryMarshal.AsBytes(data.NextObservations));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
