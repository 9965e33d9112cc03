namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>What running a notebook produced: per code cell, its outputs in order.</summary>
/// <param name="Cells">One entry per code cell that ran.</param>
/// <param name="Variables">The session's variables after the last cell (the latest of each name), for tests to check results.</param>
public sealed record NotebookRun(IReadOnlyList<CellRun> Cells, IReadOnlyDictionary<string, object?> Variables)
{
    /// <summary>The variable <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    public T Get<T>(string name) => Variables.TryGetValue(name, out var v) && v is T t
        ? t
        : throw new KeyNotFoundException($"The notebook has no variable '{name}' of type {typeof(T).Name} (it has: {string.Join(", ", Variables.Keys)}).");

    /// <summary>The first failed cell, or null.</summary>
    public CellRun? FirstError => Cells.FirstOrDefault(c => c.Failed);

    /// <summary>Every output of one MIME type across the notebook (for example the SVG charts).</summary>
    public IReadOnlyList<string> OutputsOfType(string mimeType) =>
        Cells.SelectMany(c => c.Outputs).Where(o => o.Kind != "error" && o.MimeType == mimeType).Select(o => o.Text).ToList();
}
