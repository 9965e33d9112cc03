namespace OfflineRl.MLNet.Environments;

/// <summary>A cell of a <see cref="StitchGridMap"/>: column <paramref name="X"/> (0 at the left) and row <paramref name="Y"/> (0 at the top).</summary>
/// <param name="X">Column, from 0 at the left.</param>
/// <param name="Y">Row, from 0 at the top.</param>
public readonly record struct GridCell(int X, int Y)
{
    /// <inheritdoc />
    public override string ToString() => $"({X}, {Y})";
}
