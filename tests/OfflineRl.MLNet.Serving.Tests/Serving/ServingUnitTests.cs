using OfflineRl.MLNet.Serving;

namespace OfflineRl.MLNet.Tests.Serving;

/// <summary>The serving library's address and path rules, value by value.</summary>
public sealed class ServingUnitTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:80", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://unix:/run/policy.sock", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("https://10.1.2.3:443", false)]
    [InlineData("http://example.test:80", false)]
    public void Loopback_addresses_are_told_apart(string address, bool loopback) =>
        Assert.Equal(loopback, PolicyServingLifecycle.IsLoopback(address));

    [Theory]
    [InlineData("/home/alice/data/logs.npz", "logs.npz")]
    [InlineData("read from /tmp/x/y.csv and C:\\Users\\bob\\z.npz", "read from y.csv and z.npz")]
    [InlineData("\\\\server\\share\\m.onnx", "m.onnx")]
    [InlineData("~/models/p.onnx", "p.onnx")]
    [InlineData("relative/path.npz", "relative/path.npz")]
    [InlineData("see http://host/doc", "see http://host/doc")]
    [InlineData("bc", "bc")]
    public void Absolute_paths_are_cut_to_their_last_segment(string text, string shown) =>
        Assert.Equal(shown, HostPaths.Hide(text));

    [Fact]
    public void Paths_inside_json_values_are_hidden_and_the_rest_kept()
    {
        string json = "{\"logPath\":\"/srv/runs/7/log.csv\",\"steps\":3,\"hidden\":[64,64],\"nested\":{\"p\":\"D:/x/ckpt\"}}";
        Assert.Equal("{\"logPath\":\"log.csv\",\"steps\":3,\"hidden\":[64,64],\"nested\":{\"p\":\"ckpt\"}}", HostPaths.HideInJson(json));
    }
}
