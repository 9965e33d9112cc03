using System.Text.Json.Nodes;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>A fitted transformer whose state saves to JSON and loads back exactly (see <see cref="TransformerSerializer"/>).</summary>
public interface ISavableTransformer : ITrajectoryTransformer
{
    /// <summary>Stable name of the transformer kind, written into the JSON.</summary>
    string Kind { get; }

    /// <summary>The fitted state (and options) as JSON.</summary>
    JsonObject SaveState();
}
