using System.Text;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>Console output of a running cell: text written between two displays becomes one stdout stream output.</summary>
internal sealed class CellOutputWriter : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly List<NotebookOutput> _outputs;

    public CellOutputWriter(List<NotebookOutput> outputs) => _outputs = outputs;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => _pending.Append(value);

    public override void Write(string? value) => _pending.Append(value);

    /// <summary>Turns pending console text into a stream output (before a display, and at the end of the cell).</summary>
    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            _outputs.Add(NotebookOutput.Stream(_pending.ToString()));
            _pending.Clear();
        }
    }
}
