using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl bench --latency</c>: one row per (model, path) — ONNX Runtime, PredictionEngine over the transformer and over the reloaded zip — with ordered percentiles.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class BenchLatencyCommandTests
{
    [Fact]
    public void Latency_json_has_a_row_per_model_with_ordered_percentiles()
    {
        var (code, output, error) = CliRunner.Run("bench", "--latency", "--warmup", "0.5", "--calls", "500", "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("latency", root.GetProperty("mode").GetString());
        Assert.Equal("1.32.0", root.GetProperty("onnxRuntime").GetString());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        string[] paths = ["OnnxPolicy (preallocated OrtValue)", "ML.NET PredictionEngine (PolicyTransformer)", "ML.NET PredictionEngine (Model.Load → OnnxTransformer)"];
        string[] models = ["continuous obs 17 → act 6, hidden 256x256", "discrete obs 4 → 2 actions, hidden 256x256"];
        Assert.Equal(models.SelectMany(m => paths.Select(p => $"{p} | {m}")),
            rows.Select(r => $"{r.GetProperty("path").GetString()} | {r.GetProperty("model").GetString()}"));
        foreach (JsonElement row in rows)
        {
            Assert.Equal(500, row.GetProperty("calls").GetInt32());
            double p50 = row.GetProperty("p50Us").GetDouble(), p90 = row.GetProperty("p90Us").GetDouble(), p99 = row.GetProperty("p99Us").GetDouble();
            Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99, $"p50 {p50}, p90 {p90}, p99 {p99}");
        }
    }

    [Fact]
    public void Latency_rejects_a_short_warmup_or_too_few_calls()
    {
        var (code, _, error) = CliRunner.Run("bench", "--latency", "--warmup", "0.1");
        Assert.NotEqual(0, code);
        Assert.Contains("--warmup must be at least 0.5 seconds and --calls at least 100", error, StringComparison.Ordinal);

        (code, _, error) = CliRunner.Run("bench", "--latency", "--calls", "10");
        Assert.NotEqual(0, code);
        Assert.Contains("(got 2, 10)", error, StringComparison.Ordinal);
    }
}
