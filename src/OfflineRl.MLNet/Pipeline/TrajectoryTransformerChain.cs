using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// A fitted pipeline: its transformers in order, inspectable, applied one after another.
/// <see cref="LastTransformer"/> is the final step (for a training pipeline, the trained model).
/// </summary>
/// <typeparam name="TLast">Type of the last transformer.</typeparam>
public sealed class TrajectoryTransformerChain<TLast> : ITrajectoryTransformer
    where TLast : class, ITrajectoryTransformer
{
    /// <summary>Creates a chain from fitted transformers; the last must be a <typeparamref name="TLast"/>.</summary>
    public TrajectoryTransformerChain(IReadOnlyList<ITrajectoryTransformer> transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        if (transformers.Count == 0)
        {
            throw new ArgumentException("A chain needs at least one transformer.", nameof(transformers));
        }

        Transformers = transformers.ToArray();
        LastTransformer = transformers[^1] as TLast
            ?? throw new ArgumentException($"The last transformer is a {transformers[^1].GetType().Name}, not a {typeof(TLast).Name}.", nameof(transformers));
    }

    /// <summary>The fitted transformers, in order.</summary>
    public IReadOnlyList<ITrajectoryTransformer> Transformers { get; }

    /// <summary>The last transformer (the trained model in a training pipeline).</summary>
    public TLast LastTransformer { get; }

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var t in Transformers)
        {
            data = t.Transform(data);
        }

        return data;
    }
}
