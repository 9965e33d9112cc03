using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Onnx;

/// <summary>Writes the standard metadata properties of exported models.</summary>
internal static class OnnxExportMetadata
{
    /// <summary>The keys <see cref="Write"/> sets on every model, in the order it writes them.</summary>
    public static IReadOnlyList<string> StandardKeys { get; } =
        [OnnxExportNames.LibraryVersionKey, OnnxExportNames.KindKey, OnnxExportNames.AlgorithmKey, OnnxExportNames.OptionsKey, OnnxExportNames.DataHashKey];

    public static void Write(OnnxGraphBuilder builder, string kind, string? algorithm, string? optionsJson, string? dataHash, OnnxExportOptions options)
    {
        builder.SetMetadata(OnnxExportNames.LibraryVersionKey, LibraryInfo.Version);
        builder.SetMetadata(OnnxExportNames.KindKey, kind);
        builder.SetMetadata(OnnxExportNames.AlgorithmKey, algorithm ?? "");
        builder.SetMetadata(OnnxExportNames.OptionsKey, optionsJson ?? "{}");
        builder.SetMetadata(OnnxExportNames.DataHashKey, dataHash ?? "");
        if (options.Metadata is { } extra)
        {
            foreach (var pair in extra)
            {
                builder.SetMetadata(pair.Key, pair.Value);
            }
        }
    }
}
