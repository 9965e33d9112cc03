namespace OfflineRl.Cli;

/// <summary>Finds the built-in default data: the shared expert rollouts beside the repository.</summary>
public static class DefaultData
{
    /// <summary>Path of <c>shared/data/expert_cartpole.npz</c>, searched upward from the working and program folders.</summary>
    /// <exception cref="FileNotFoundException">When it cannot be found.</exception>
    public static string FindCartPole() => Find("expert_cartpole.npz");

    /// <summary>Path of a file in <c>shared/data</c>.</summary>
    public static string Find(string fileName)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "data", fileName), Path.Combine(dir.FullName, "..", "shared", "data", fileName) })
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }
        }

        throw new FileNotFoundException($"{fileName} was not found in shared/data beside the repository; pass --data <file>.");
    }
}
