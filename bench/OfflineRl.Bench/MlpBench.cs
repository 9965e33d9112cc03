using System.Diagnostics;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.Bench;

/// <summary>One training step of a 17→256→256→6 MLP (forward, MSE, backward, Adam) and of a Gaussian actor at batch 256.</summary>
internal static class MlpBench
{
    public static void Run()
    {
        const int batch = 256;
        var mlp = new Mlp(new MlpOptions(17, [256, 256], 6), batch);
        mlp.Initialize(new NnRandom(0));
        var adam = new Adam(mlp.ParameterCount);
        var rng = new NnRandom(1);
        var x = new float[batch * 17];
        var t = new float[batch * 6];
        var dOut = new float[batch * 6];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextUniform(-1f, 1f);
        }

        void Step()
        {
            var y = mlp.Forward(x, batch);
            MseLoss.Compute(y, t, batch, 6, dOut);
            mlp.ZeroGradients();
            mlp.Backward(dOut, batch);
            adam.Step(mlp.Parameters, mlp.Gradients);
        }

        Report("MLP 17-256-256-6 fwd+bwd+Adam, batch 256", Step, 2.0 * 3 * batch * ((17 * 256) + (256 * 256) + (256 * 6)));

        var policy = new GaussianHead(17, 6, maxBatch: batch);
        policy.Initialize(new NnRandom(2));
        var padam = new Adam(policy.Parameters.Length);
        var w = Enumerable.Repeat(1f, batch).ToArray();
        void ActorStep()
        {
            policy.ZeroGradients();
            policy.AccumulateLossGradient(x, t, w, batch);
            padam.Step(policy.Parameters, policy.Gradients);
        }

        Report("Gaussian actor weighted-NLL step, batch 256", ActorStep, 2.0 * 3 * batch * ((17 * 256) + (256 * 256) + (256 * 6)));
    }

    private static void Report(string name, Action step, double flops)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 0.7)
        {
            step();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var samples = new double[11];
        for (var s = 0; s < samples.Length; s++)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var r = 0; r < 50; r++)
            {
                step();
            }

            samples[s] = Stopwatch.GetElapsedTime(t0).TotalSeconds / 50;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(samples);
        var sec = samples[samples.Length / 2];
        Console.WriteLine($"  {name}: {sec * 1e3:F3} ms/step ({1 / sec:F0} steps/s, {flops / sec / 1e9:F1} GFLOP/s incl. Adam; allocated {allocated} B over {samples.Length * 50} steps)");
    }
}
