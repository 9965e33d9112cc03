namespace OfflineRl.MLNet.Training;

/// <summary>
/// Weights of a behavior-cloning batch that depend on the whole batch (MARWIL's running advantage scale) rather than on
/// each row alone (a <c>Weight</c> column): written from the drawn dataset rows before any row's data is gathered.
/// </summary>
internal abstract class BatchWeighting : ICheckpointed
{
    /// <summary>Writes the weight of each of <paramref name="rows"/> (dataset row indices) into <paramref name="weights"/>.</summary>
    public abstract void Weigh(ReadOnlySpan<int> rows, Span<float> weights);

    /// <inheritdoc />
    public abstract void Write(BinaryWriter writer);

    /// <inheritdoc />
    public abstract void Read(BinaryReader reader);
}
