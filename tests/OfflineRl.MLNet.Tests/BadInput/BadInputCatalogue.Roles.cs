using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Data;
using static OfflineRl.MLNet.Tests.BadInput.BadInputFiles;

namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary>Stands for a warning the library wrote to <c>MLContext.Log</c> (the input is accepted, and the log says what was decided).</summary>
internal sealed class LoggedWarning(string message) : Exception(message);

/// <summary>
/// Mistakes whose answer must name the role (observation, action, end flags), the sizes or values on both sides and the
/// fix, rather than pass an inner library's words through or guess silently (issue 27, point 3).
/// </summary>
internal static partial class BadInputCatalogue
{
    private static readonly Lazy<Policy> FourObservationPolicy = new(() =>
    {
        var b = new TrajectoryDatasetBuilder("four", 4);
        for (var t = 0; t < 8; t++)
        {
            b.AddStep(t / 4, [t, 1, 2, 3], [(t % 3) * 0.25f], 1, t % 4 == 3, false);
        }

        var options = new BehaviorCloningOptions { Steps = 1, BatchSize = 2, HiddenSizes = [2] };
        return new MLContext(0).OfflineRL().Trainers.BehaviorCloning(options).Fit(b.Build()).Policy;
    });

    private static IEnumerable<BadInputCase> RoleCases()
    {
        const string scoring = "Scoring and evaluation";
        yield return Case("score-row-width", scoring, "PredictionEngine over a 4-observation policy given a [VectorType(4)] row holding 3 values", Argument,
            ["Observation role", "column 'Observation'", "holds 3 values", "the policy expects 4 observation values", "[VectorType(4)]"], _ =>
            {
                var ml = new MLContext(0);
                var engine = ml.Model.CreatePredictionEngine<FourObservations, ContinuousAction>(ml.OfflineRL().Transforms.ApplyPolicy(FourObservationPolicy.Value));
                engine.Predict(new FourObservations { Observation = [1, 2, 3] });
            });
        yield return Case("eval-env-width", scoring, "a 4-observation policy evaluated in Pendulum-v1 (3 observation values)", Argument,
            ["the policy expects 4 observation values", "the environment Pendulum-v1 gives 3", "evaluate it in an environment of 4 observation values"],
            _ => PolicyEvaluator.Evaluate(PolicyActors.From(FourObservationPolicy.Value), EnvironmentCatalog.Pendulum, episodes: 1));

        const string rows = "In-memory rows and IDataView input";
        yield return Case("rows-no-end-flags", rows, "LoadFromEnumerable with a StepMapping giving neither IsTerminal nor IsTruncated", Data,
            ["StepMapping gives neither IsTerminal nor IsTruncated", "map IsTerminal", "terminal state", "map IsTruncated", "time limit",
             "MissingEndFlags", "AllTerminal", "AllTruncated"], _ =>
            {
                var steps = Enumerable.Range(0, 4).Select(t => (Episode: t / 2, Obs: new float[] { t }, Action: t % 2, Reward: 1f));
                new MLContext(0).OfflineRL().Data.LoadFromEnumerable(steps, new StepMapping<(int Episode, float[] Obs, int Action, float Reward)>
                {
                    EpisodeId = s => s.Episode,
                    Observation = s => s.Obs,
                    DiscreteAction = s => s.Action,
                    Reward = s => s.Reward,
                });
            });

        yield return Case("dataview-float-integer-actions", rows, "an IDataView whose Action column is Single holding only 0 and 1 (CartPole actions)", Data,
            ["column 'Action'", "Single", "only the integers 0–1", "ActionKind = Discrete", "--action-kind discrete", "integer or key type", "ActionKind = Continuous"], _ =>
            {
                var ml = new MLContext(0);
                var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 6).Select(t => new FloatActionStep
                {
                    EpisodeId = t / 3,
                    Observation = [t, 1 - t],
                    Action = t % 2,
                    Reward = 1,
                    IsTerminal = t % 3 == 2,
                }));
                ml.OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 1, BatchSize = 2, HiddenSizes = [2] }).Fit(data);
            });
        yield return Case("json-float-integer-actions", rows, "JSON lines whose action values are written 0.0 and 1.0", Data,
            ["column 'action'", "only the integers 0–1", "ActionKind = Discrete", "--action-kind discrete", "ActionKind = Continuous"], d =>
            {
                var path = Path.Combine(d, "steps.jsonl");
                File.WriteAllLines(path, Enumerable.Range(0, 4).Select(t =>
                    $"{{\"episode_id\": 0, \"obs_0\": {t}.5, \"action\": {t % 2}.0, \"reward\": 1.0, \"terminal\": {(t == 3 ? "true" : "false")}}}"));
                JsonLinesDatasetLoader.Load(path);
            });

        yield return Case("npz-float-integer-actions", rows, "D4RL-layout .npz whose actions.npy is float32 holding only 0 and 1", Data,
            ["bad.npz", "array 'actions' (action) holds <f4 values", "only the integers 0–1", "ActionKind = Discrete", "--action-kind discrete", "astype(np.int64)", "ActionKind = Continuous"],
            d => NpzDatasetLoader.Load(D4rlWith(Path.Combine(d, "bad.npz"), "actions", Npy(NpyArray.Create("actions", new float[] { 0, 1, 0, 1 }, 4)))));

        const string transforms = "Transforms";
        yield return Case("filter-tie", transforms, "FilterTrajectories(0.1) over 3 episodes that all return 2", Warned,
            ["FilterTrajectories kept 1 of 3 episodes", "3 episodes tie at return 2", "the earliest", "FilterTrajectoriesByReturn(2)"], _ =>
            {
                var ml = new MLContext(0);
                var warnings = LogWarnings.Capture(ml);
                var b = new TrajectoryDatasetBuilder("ties", 1);
                for (var t = 0; t < 6; t++)
                {
                    b.AddStep(t / 2, [t], t % 2, 1, t % 2 == 1, false);
                }

                ml.OfflineRL().Transforms.FilterTrajectories(0.1).Fit(b.Build());
                if (warnings.Count > 0)
                {
                    throw new LoggedWarning(string.Join("\n", warnings));
                }
            });
    }


    private static Type Warned => typeof(LoggedWarning);

    private sealed class FourObservations
    {
        [VectorType(4)]
        public float[] Observation { get; set; } = [];
    }

    private sealed class ContinuousAction
    {
        public float[] PredictedAction { get; set; } = [];
    }
}
