using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace OfflineRl.MLNet.Tests;

/// <summary>The warnings an <see cref="MLContext"/> logs from the moment <see cref="Capture"/> is called (thread-safe: trainers log from lanes).</summary>
internal static class LogWarnings
{
    public static List<string> Capture(MLContext ml)
    {
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(e.RawMessage);
                }
            }
        };
        return warnings;
    }
}
