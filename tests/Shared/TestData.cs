using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests;

/// <summary>Paths and small datasets shared by tests.</summary>
internal static class TestData
{
    public static string SharedDataDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                candidate = Path.Combine(dir.FullName, "..", "shared", "data");
                if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "OfflineRl.MLNet.sln")))
                {
                    return Path.GetFullPath(candidate);
                }

                dir = dir.Parent;
            }

            throw new DirectoryNotFoundException("shared/data not found beside the repository (expected ../shared/data from the repo root).");
        }
    }

    public static string CartPole => Path.Combine(SharedDataDirectory, "expert_cartpole.npz");

    public static string Pendulum => Path.Combine(SharedDataDirectory, "expert_pendulum.npz");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OfflineRl.MLNet.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found");
        }
    }

    public static DatasetLoadOptions CartPoleOptions => new()
    {
        MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit,
        TimeLimit = 500,
    };

    /// <summary>Episodes with the given rewards, 1-D observation = step index, discrete action 0, last step terminal.</summary>
    public static TrajectoryDataset FromRewards(params float[][] episodes) => FromRewards(episodes, truncatedEpisodes: []);

    public static TrajectoryDataset FromRewards(float[][] episodes, int[] truncatedEpisodes)
    {
        var b = new TrajectoryDatasetBuilder("test", 1);
        for (var e = 0; e < episodes.Length; e++)
        {
            for (var t = 0; t < episodes[e].Length; t++)
            {
                var last = t == episodes[e].Length - 1;
                var truncated = last && truncatedEpisodes.Contains(e);
                b.AddStep(e, [t], t % 2, episodes[e][t], last && !truncated, truncated);
            }
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 2 });
    }

    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"offlinerl-test-{Guid.NewGuid():N}{extension}");
}
