using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.Samples.DiscreteIqlTreatment;

/// <summary>Best-treatment rates on fresh patients: the logging policy, BC and IQL, plus mean rewards.</summary>
public sealed record TreatmentResult(double BehaviorBestRate, double BcBestRate, double IqlBestRate, double BcMeanReward, double IqlMeanReward);

/// <summary>
/// A treatment-choice simulator with a known best policy. A patient has two features (severity, biomarker) in [-1, 1].
/// Three treatments: 0 = standard care, 1 = drug A, 2 = drug B. The best is A for low severity, standard care for mid, B for high.
/// Reward: 1 for the best treatment, 0.3 for standard care when it is not the best, 0 otherwise, plus noise.
/// Logged clinicians give standard care half the time, the best treatment 30% and a random one 20%,
/// so cloning them mostly reproduces standard care; IQL weights the logged actions by advantage and picks the best.
/// </summary>
public static class Program
{
    public const int TreatmentCount = 3;

    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Optional arg: number of logged patients (default 4000).</summary>
    public static TreatmentResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var patients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var random = new Random(1);

        // Logged data: one decision per patient (one-step episodes that end in a terminal step).
        var builder = new TrajectoryDatasetBuilder("treatment-simulator", observationDimension: 2);
        var behaviorBest = 0;
        for (var id = 0; id < patients; id++)
        {
            var patient = NewPatient(random);
            var action = BehaviorPolicy(patient, random);
            behaviorBest += action == BestTreatment(patient) ? 1 : 0;
            builder.AddStep(id, patient, action, Reward(patient, action, random), isTerminal: true, isTruncated: false);
        }

        var data = builder.Build();
        output.WriteLine($"logged {data.Count} decisions; clinicians chose the best treatment {(double)behaviorBest / patients:P0} of the time");

        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var bc = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 600, HiddenSizes = [64, 64], LearningRate = 1e-3f }).Fit(data).Model;
        var iql = rl.Trainers.Iql(new IqlOptions { Steps = 600, HiddenSizes = [64, 64], LearningRate = 1e-3f, Expectile = 0.9f, Weighting = { InverseTemperature = 10f } }).Fit(data).Model;

        var (bcRate, bcReward) = Score(PolicyActors.From(bc.Policy), seed: 99);
        var (iqlRate, iqlReward) = Score(PolicyActors.From(iql.Policy), seed: 99);
        var result = new TreatmentResult((double)behaviorBest / patients, bcRate, iqlRate, bcReward, iqlReward);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BC : best treatment {bcRate:P0}, mean reward {bcReward:0.###}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"IQL: best treatment {iqlRate:P0}, mean reward {iqlReward:0.###}"));
        return result;
    }

    public static float[] NewPatient(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return [(float)((2 * random.NextDouble()) - 1), (float)((2 * random.NextDouble()) - 1)];
    }

    /// <summary>The known best policy: drug A for low severity, standard care for mid, drug B for high.</summary>
    public static int BestTreatment(float[] patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return patient[0] < -0.33f ? 1 : patient[0] > 0.33f ? 2 : 0;
    }

    private static int BehaviorPolicy(float[] patient, Random random)
    {
        var u = random.NextDouble();
        return u < 0.5 ? 0 : u < 0.8 ? BestTreatment(patient) : random.Next(TreatmentCount);
    }

    private static float Reward(float[] patient, int action, Random random)
    {
        var mean = action == BestTreatment(patient) ? 1.0 : action == 0 ? 0.3 : 0.0;
        return (float)(mean + (0.1 * (random.NextDouble() - 0.5)));
    }

    /// <summary>Best-treatment rate and mean expected reward over 1,000 fresh patients.</summary>
    private static (double BestRate, double MeanReward) Score(Func<float[], float[]> act, int seed)
    {
        var random = new Random(seed);
        double best = 0, reward = 0;
        const int n = 1000;
        for (var i = 0; i < n; i++)
        {
            var patient = NewPatient(random);
            var action = (int)act(patient)[0];
            best += action == BestTreatment(patient) ? 1 : 0;
            reward += action == BestTreatment(patient) ? 1.0 : action == 0 ? 0.3 : 0.0;
        }

        return (best / n, reward / n);
    }
}
