using System.IO.Compression;
using System.Text;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>.npz files whose headers lie about their size get a clear error, not a crash or an allocation the size of the lie.</summary>
public sealed class HostileNpyTests
{
    /// <summary>A .npz of one array whose header says <paramref name="shape"/> but which holds only <paramref name="payload"/> bytes.</summary>
    private static string Npz(string shape, int payload, int headerLengthOverride = -1, byte version = 1)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((header.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        using var npy = new MemoryStream();
        npy.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        npy.WriteByte(version);
        npy.WriteByte(0);
        var length = headerLengthOverride >= 0 ? headerLengthOverride : header.Length;
        npy.Write(version == 1 ? BitConverter.GetBytes((ushort)length) : BitConverter.GetBytes(length));
        npy.Write(Encoding.Latin1.GetBytes(header));
        npy.Write(new byte[payload]);
        var path = TestData.TempFile(".npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("observations.npy").Open();
            npy.Position = 0;
            npy.CopyTo(entry);
        }

        return path;
    }

    [Theory]
    [InlineData("(500000000, 4)", "truncated", "header promises 2000000000 values")]
    [InlineData("(600000000, 4)", "more than", "no array here can hold")]
    [InlineData("(100000000, 4)", "truncated", "header promises 400000000 values")]
    [InlineData("(99999999999, 4)", "'99999999999'", "not a whole number")]
    [InlineData("(-3, 4)", "'-3'", "not a whole number")]
    public void A_header_that_claims_more_than_the_file_holds_is_reported(string shape, string first, string second)
    {
        var path = Npz(shape, payload: 1024);
        try
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(path));
            Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 << 20, "allocated in proportion to the claim");
            Assert.Contains("array 'observations'", ex.Message, StringComparison.Ordinal);
            Assert.Contains(first, ex.Message, StringComparison.Ordinal);
            Assert.Contains(second, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_header_length_beyond_the_limit_is_refused_before_it_is_read()
    {
        var path = Npz("(2, 4)", payload: 32, headerLengthOverride: int.MaxValue, version: 2);
        try
        {
            var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(path));
            Assert.Contains($"header length {int.MaxValue} is implausible", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_cli_says_what_is_wrong_and_exits_non_zero_without_a_stack_trace()
    {
        var path = Npz("(500000000, 4)", payload: 1024);
        try
        {
            var (code, _, error) = CliRunner.Run("inspect", path);
            Assert.NotEqual(0, code);
            Assert.Contains("array 'observations': the array is truncated (header promises 2000000000 values)", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
