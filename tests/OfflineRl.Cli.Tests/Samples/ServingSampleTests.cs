using OfflineRl.Samples.ServingOverHttp;

namespace OfflineRl.MLNet.Tests.Samples;

/// <summary>Runs the serving sample (the serving library with an API key, hosted in the sample's ASP.NET Core app): without the key 401; what POST /act answers must be what ONNX Runtime and the C# policy answer.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class ServingSampleTests
{
    [Fact]
    public void ServingOverHttp_serves_the_same_actions_as_onnx_policy()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-sample-tests", Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        ServingResult result = OfflineRl.Samples.ServingOverHttp.Program.Run([dir], output);

        Assert.True(File.Exists(result.ModelPath));
        Assert.StartsWith("http://127.0.0.1:", result.Address, StringComparison.Ordinal);
        Assert.Equal("bc", result.Algorithm);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, result.WithoutKeyStatus);
        Assert.Equal(8, result.ServedActions.Count);
        Assert.Equal(result.OnnxActions, result.ServedActions);
        Assert.All(result.ServedActions, a => Assert.True(a is 0 or 1));
        Assert.Equal(result.InProcessEpisodeReturn, result.HttpEpisodeReturn);
        Assert.True(result.HttpEpisodeReturn > 100, $"return {result.HttpEpisodeReturn}");
        Assert.Contains("GET /health/ready -> {\"status\":\"ready\",\"modelVersion\":1,\"model\":\"cartpole-bc.onnx\"}", output.ToString(), StringComparison.Ordinal);
    }
}
