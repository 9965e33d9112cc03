namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>Where the notebooks are.</summary>
internal static class NotebookFiles
{
    public static string Folder => Path.Combine(TestData.RepoRoot, "notebooks");

    public static IEnumerable<string> All => Directory.EnumerateFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal);

    public static Task<KernelNotebookRun> RunAsync(string fileName) => KernelNotebookRun.RunAsync(Path.Combine(Folder, fileName));
}
