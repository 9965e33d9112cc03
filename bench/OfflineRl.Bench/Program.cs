using OfflineRl.Bench;
using OfflineRl.MLNet.Nn;

// Usage: dotnet run -c Release --project bench/OfflineRl.Bench [gemm|mlp|all] [--threads T] [--kernel Auto|Avx2Fma|Avx512|Portable]
var what = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var threads = 1;
var kernel = GemmKernel.Auto;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--threads")
    {
        threads = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--kernel")
    {
        kernel = Enum.Parse<GemmKernel>(args[i + 1], ignoreCase: true);
    }
}

NnThreading.ThreadCount = threads;
if (what is "gemm" or "all")
{
    GemmBench.Run(kernel, threads);
}

if (what is "mlp" or "all")
{
    Console.WriteLine($"MLP training step (kernel {Gemm.BestKernel}, threads {threads})");
    MlpBench.Run();
}
