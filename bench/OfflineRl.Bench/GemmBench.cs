using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.Bench;

/// <summary>
/// GEMM throughput (BenchmarkDotNet) on the square shapes and on the shapes an IQL step runs, with the bias + ReLU
/// epilogue of a forward pass, run in this process (BenchmarkDotNet's in-process toolchain) with the kernel and thread
/// count of <c>--kernel</c> / <c>--threads</c>.
/// </summary>
[Config(typeof(Config))]
public class GemmBench
{
    private static GemmKernel s_kernel = GemmKernel.Auto;
    private static int s_threads = 1;

    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private float[] _bias = [];

    /// <summary>The shapes: the square ones, then an IQL step's forward (NN), input-gradient (NT) and weight-gradient (TN) products.</summary>
    public static IEnumerable<GemmShape> Shapes { get; } =
    [
        new("256x256x256 NN", false, false, 256, 256, 256),
        new("512x512x512 NN", false, false, 512, 512, 512),
        new("fwd M256 K17 N256", false, false, 256, 256, 17),
        new("fwd M256 K23 N256", false, false, 256, 256, 23),
        new("fwd M256 K256 N6", false, false, 256, 6, 256),
        new("fwd M256 K256 N1", false, false, 256, 1, 256),
        new("dX M256 K256 N256 NT", false, true, 256, 256, 256),
        new("dX M256 K6 N256 NT", false, true, 256, 256, 6),
        new("dX M256 K1 N256 NT", false, true, 256, 256, 1),
        new("dW M256 K256 N256 TN", true, false, 256, 256, 256),
        new("dW M17 K256 N256 TN", true, false, 17, 256, 256),
        new("dW M256 K256 N6 TN", true, false, 256, 6, 256),
        new("dW M256 K256 N1 TN", true, false, 256, 1, 256),
    ];

    /// <summary>The product measured.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Fills the operands (same values every run).</summary>
    [GlobalSetup]
    public void Setup()
    {
        NnThreading.ThreadCount = s_threads;
        var rng = new Random(1);
        _a = [.. Enumerable.Range(0, Shape.M * Shape.K).Select(_ => (float)rng.NextDouble() - 0.5f)];
        _b = [.. Enumerable.Range(0, Shape.K * Shape.N).Select(_ => (float)rng.NextDouble() - 0.5f)];
        _c = new float[Shape.M * Shape.N];
        _bias = new float[Shape.N];
    }

    /// <summary>One product C = op(A)·op(B) + bias, ReLU.</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(Shape.TransposeA, Shape.TransposeB, Shape.M, Shape.N, Shape.K, 1f, _a, Shape.TransposeA ? Shape.M : Shape.K,
        _b, Shape.TransposeB ? Shape.K : Shape.N, 0f, _c, Shape.N, _bias, GemmActivation.Relu, default, s_kernel, s_threads);

    /// <summary>Runs every shape and prints BenchmarkDotNet's table with a GFLOP/s column.</summary>
    internal static void Run(GemmKernel kernel, int threads)
    {
        (s_kernel, s_threads) = (kernel, threads);
        Console.WriteLine($"GEMM kernel {kernel} (best on this CPU: {Gemm.BestKernel}), threads {threads}");
        BenchmarkRunner.Run<GemmBench>();
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            ArtifactsPath = Path.Combine("out", "benchmarkdotnet");
            AddColumn(new GflopsColumn());
        }
    }

    /// <summary>2·M·N·K over the mean time.</summary>
    private sealed class GflopsColumn : IColumn
    {
        public string Id => nameof(GflopsColumn);

        public string ColumnName => "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "2·M·N·K floating-point operations per second over the mean time, in 1e9";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var shape = (GemmShape)benchmarkCase.Parameters[nameof(Shape)];
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is > 0 ? (2.0 * shape.M * shape.N * shape.K / mean.Value).ToString("F1", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

/// <summary>One GEMM shape: C[M×N] = op(A)[M×K]·op(B)[K×N].</summary>
/// <param name="Name">How the table shows it.</param>
/// <param name="TransposeA">A is stored K×M.</param>
/// <param name="TransposeB">B is stored N×K.</param>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The inner dimension.</param>
public sealed record GemmShape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
