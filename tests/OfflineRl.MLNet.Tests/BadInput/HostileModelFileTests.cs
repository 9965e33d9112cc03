using System.Text;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using static OfflineRl.MLNet.Tests.BadInput.BadInputFiles;

namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary>Model files whose headers claim huge networks are refused before anything of the claimed size is allocated.</summary>
public sealed class HostileModelFileTests
{
    private const long Budget = 16 << 20;

    private static long Allocated(Action act)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        act();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    [Fact]
    public void A_policy_header_consistent_with_900_million_parameters_in_a_small_file_is_refused_without_allocating_them()
    {
        // Hidden sizes [30000, 30000] and the parameter count they imply (900,180,002): consistent, but the file holds 12 bytes of weights.
        var bytes = PolicyWithHeader(Bc, h => h
            .Replace("\"HiddenSizes\":[3]", "\"HiddenSizes\":[30000,30000]", StringComparison.Ordinal)
            .Replace("\"ParameterCount\":17", "\"ParameterCount\":900180002", StringComparison.Ordinal));
        bytes = [.. bytes[..^(17 * 4)], .. new byte[12]];
        InvalidDataException? error = null;
        var allocated = Allocated(() => error = Assert.Throws<InvalidDataException>(() => PolicySerializer.Read(new MemoryStream(bytes))));
        Assert.Contains("the file ends inside the weights: 900180002 parameters need 3600720008 bytes but 12 follow", error!.Message, StringComparison.Ordinal);
        Assert.True(allocated < Budget, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("[100000,1,100000]", 10000200001L)]
    [InlineData("{\"sizes\":[100000,1,100000],\"layerNorm\":true}", 10000400001L)]
    public void A_value_network_shape_of_ten_billion_parameters_in_a_small_file_is_refused_without_allocating_them(string shape, long parameters)
    {
        using var s = new MemoryStream();
        using (var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("v");
            w.Write(shape);
            w.Write(new byte[64]);
        }

        s.Position = 0;
        InvalidDataException? error = null;
        var allocated = Allocated(() => error = Assert.Throws<InvalidDataException>(() => ValueNetwork.ReadAll(s, "values.bin")));
        Assert.Contains($"values.bin: value network 'v': the shape [100000, 1, 100000] needs {parameters} parameters", error!.Message, StringComparison.Ordinal);
        Assert.True(allocated < Budget, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("{\"layerNorm\":true}", "has no shape")]
    [InlineData("{\"sizes\":\"x\"}", "is not a JSON array of integers")]
    public void A_value_network_shape_object_without_sizes_is_refused_by_name(string shape, string expected)
    {
        using var s = new MemoryStream();
        using (var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1);
            w.Write("q1");
            w.Write(shape);
        }

        s.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => ValueNetwork.ReadAll(s, "values.bin"));
        Assert.Contains("values.bin: value network 'q1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_json_with_a_name_written_twice_is_refused_by_name()
    {
        var json = "{\"algorithm\":\"bc\",\"algorithm\":\"iql\",\"dataHash\":\"x\",\"steps\":1,\"trainingSeconds\":0,\"options\":{},\"finalLosses\":{}}"u8.ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => PolicyModel.ParseDescription(new MemoryStream(json), "model.json"));
        Assert.StartsWith("model.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("algorithm", ex.Message, StringComparison.Ordinal);
    }
}
