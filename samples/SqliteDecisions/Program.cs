using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.Samples.SqliteDecisions;

/// <summary>What the sample produced: the files, the better-treatment rates over the logged rows and the engine's actions.</summary>
public sealed record SqliteDecisionsResult(
    string DatabasePath,
    string ModelPath,
    string ObservationsCsvPath,
    int Patients,
    int Rows,
    double LoggingBetterRate,
    double IqlBetterRate,
    IReadOnlyList<long> PredictedActions,
    OffPolicyRanking Ranking,
    OffPolicyEstimate LoggedValue,
    string? Deployed,
    IReadOnlyDictionary<string, double> TrueValues);

/// <summary>
/// Logged treatment decisions in a SQLite file → ML.NET's DatabaseLoader → Concatenate → ReturnsToGo (training only) → IQL
/// → PredictionEngine → model zip. The ward is simulated (see <see cref="Ward"/>) so that the better treatment of every logged
/// state is known and the learned policy can be graded against the clinicians who made the log.
/// </summary>
public static class Program
{
    /// <summary>The vital-sign columns, in the order they are concatenated into the observation.</summary>
    public static readonly string[] VitalColumns = ["HeartRate", "Glucose", "SystolicBp", "Temperature"];

    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Optional args: output folder (default: a new temp folder), number of patients (default 400).</summary>
    public static SqliteDecisionsResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var dir = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("offlinerl-sqlite-").FullName;
        var patients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
        Directory.CreateDirectory(dir);

        var dbPath = Path.Combine(dir, "decisions.db");
        // Pooling off so that the file is closed (and deletable) once a connection is disposed.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString();
        var logged = WriteDatabase(connectionString, dbPath, patients, seed: 7);
        output.WriteLine($"wrote {logged} logged decisions for {patients} patients to {dbPath}");

        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();

        // The SELECT renames the log's columns to the library's role names; the options' *ColumnName properties would do the same.
        var loader = ml.Data.CreateDatabaseLoader<DecisionRow>();
        var source = new DatabaseSource(SqliteFactory.Instance, connectionString,
            "SELECT PatientId AS EpisodeId, Day AS Step, HeartRate, Glucose, SystolicBp, Temperature, Treatment AS Action, " +
            "Outcome AS Reward, Discharged AS IsTerminal, Truncated AS IsTruncated FROM decisions ORDER BY PatientId, Day");
        IDataView data = loader.Load(source);

        // ReturnsToGo needs whole episodes and their rewards, which a patient being scored does not have, so it runs at
        // training time only (IQL ignores the column; it is here to show such a step in the pipeline). Concatenate is in
        // every scope: the saved model takes the raw vital signs.
        var pipeline = new EstimatorChain<ITransformer>()
            .Append(ml.Transforms.Concatenate("Observation", VitalColumns))
            .Append(rl.Transforms.ReturnsToGo(Ward.Discount), TransformerScope.Training)
            .Append(rl.Trainers.Iql(new IqlOptions
            {
                Steps = 1000,
                HiddenSizes = [64, 64],
                LearningRate = 1e-3f,
                Discount = Ward.Discount,
                Expectile = 0.8f,
                Weighting = { InverseTemperature = 10f },
            }));
        var model = pipeline.Fit(data);

        // The full chain cannot be saved (a training-only step refuses to); the scoring model is Concatenate + the policy.
        var scoring = model.GetModelFor(TransformerScope.Scoring);
        var modelPath = Path.Combine(dir, "treatment-policy.zip");
        ml.Model.Save(scoring, data.Schema, modelPath);

        using var engine = ml.Model.CreatePredictionEngine<VitalsRow, TreatmentPrediction>(scoring);
        var rows = ml.Data.CreateEnumerable<DecisionRow>(data, reuseRowObject: false).ToList();
        var predicted = new List<long>(rows.Count);
        int loggingBetter = 0, iqlBetter = 0;
        var csvPath = Path.Combine(dir, "observations.csv");
        using (var csv = new StreamWriter(csvPath))
        {
            csv.WriteLine(string.Join(',', VitalColumns));
            foreach (var row in rows)
            {
                var vitals = new VitalsRow { HeartRate = row.HeartRate, Glucose = row.Glucose, SystolicBp = row.SystolicBp, Temperature = row.Temperature };
                var action = engine.Predict(vitals).PredictedAction[0];
                predicted.Add(action);
                var better = Ward.BetterTreatment(row.Glucose, row.SystolicBp);
                loggingBetter += row.Action == better ? 1 : 0;
                iqlBetter += action == better ? 1 : 0;
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.HeartRate:R},{row.Glucose:R},{row.SystolicBp:R},{row.Temperature:R}"));
            }
        }

        output.WriteLine($"read {rows.Count} rows back through DatabaseLoader; saved the scoring model to {modelPath}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"better treatment on the logged states: clinicians {(double)loggingBetter / rows.Count:P1}, IQL {(double)iqlBetter / rows.Count:P1}"));
        output.WriteLine($"observations for another process: {csvPath}");

        // Before deploying anything: value the candidates from the log alone. Behaviour cloning is the second candidate;
        // the clinicians' probabilities are not in the log, so off-policy evaluation fits them (a BC model of the log).
        var observed = ml.Transforms.Concatenate("Observation", VitalColumns).Fit(data).Transform(data);
        var candidates = new Dictionary<string, IPolicy>
        {
            ["BC"] = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 1000, HiddenSizes = [64, 64], LearningRate = 1e-3f }).Fit(observed).Model.Policy,
            ["IQL"] = ((PolicyTransformer)model.LastTransformer).Model.Policy,
        };
        var ranking = rl.Rank(candidates, observed, new OffPolicyEvaluationOptions { Discount = Ward.Discount, Seed = 0 });
        var clinicians = ranking.Metrics["IQL"].Logged;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clinicians (the log's own discounted return): {clinicians.Value:G4} [{clinicians.Lower:G4}, {clinicians.Upper:G4}]"));
        foreach (var estimator in new[] { "FQE", "WPDIS" })
        {
            output.WriteLine($"ranked by {ranking.Describe(estimator)}");
        }

        // Deploy the top candidate only if its FQE interval lies wholly above what the clinicians achieve.
        var top = ranking.By("FQE")[0];
        var deployed = top.Estimate.Lower > clinicians.Upper ? top.Policy : null;
        output.WriteLine(deployed is null ? "deploy: nothing — no candidate is clearly better than the clinicians" : $"deploy: {deployed}");

        // The check a real ward cannot make: run each policy on 2,000 new simulated patients.
        var truths = new Dictionary<string, double>(StringComparer.Ordinal) { ["clinicians"] = Ward.Value(null, 2_000, seed: 11) };
        foreach (var (name, candidate) in candidates)
        {
            var action = new float[1];
            truths[name] = Ward.Value((hr, g, bp, t) => { candidate.Act([hr, g, bp, t], action); return (int)action[0]; }, 2_000, seed: 11);
        }

        output.WriteLine("true values on 2,000 new patients: " + string.Join(", ", truths.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:G4}"))));
        return new SqliteDecisionsResult(dbPath, modelPath, csvPath, patients, rows.Count,
            (double)loggingBetter / rows.Count, (double)iqlBetter / rows.Count, predicted, ranking, clinicians, deployed, truths);
    }

    /// <summary>Simulates the ward and writes one row per patient-day; returns the number of rows.</summary>
    private static int WriteDatabase(string connectionString, string path, int patients, int seed)
    {
        File.Delete(path);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText =
                "CREATE TABLE decisions (PatientId INTEGER NOT NULL, Day INTEGER NOT NULL, HeartRate REAL NOT NULL, " +
                "Glucose REAL NOT NULL, SystolicBp REAL NOT NULL, Temperature REAL NOT NULL, Treatment INTEGER NOT NULL, " +
                "Outcome REAL NOT NULL, Discharged INTEGER NOT NULL, Truncated INTEGER NOT NULL, PRIMARY KEY (PatientId, Day))";
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO decisions VALUES ($p, $d, $hr, $g, $bp, $t, $a, $r, $term, $trunc)";
        var parameters = new[] { "$p", "$d", "$hr", "$g", "$bp", "$t", "$a", "$r", "$term", "$trunc" }
            .Select(name => insert.Parameters.Add(name, SqliteType.Real)).ToArray();
        parameters[0].SqliteType = parameters[1].SqliteType = parameters[6].SqliteType = SqliteType.Integer;
        parameters[8].SqliteType = parameters[9].SqliteType = SqliteType.Integer;

        var random = new Random(seed);
        var count = 0;
        foreach (var step in Ward.Simulate(patients, random))
        {
            object[] values = [step.Patient, step.Day, step.HeartRate, step.Glucose, step.SystolicBp, step.Temperature,
                step.Treatment, step.Outcome, step.Discharged ? 1 : 0, step.Truncated ? 1 : 0];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            insert.ExecuteNonQuery();
            count++;
        }

        transaction.Commit();
        return count;
    }
}

/// <summary>One row of the SELECT, named as the library's roles; DatabaseLoader maps columns to these properties by name.</summary>
public sealed class DecisionRow
{
    public long EpisodeId { get; set; }

    public int Step { get; set; }

    public float HeartRate { get; set; }

    public float Glucose { get; set; }

    public float SystolicBp { get; set; }

    public float Temperature { get; set; }

    public long Action { get; set; }

    public float Reward { get; set; }

    public bool IsTerminal { get; set; }

    public bool IsTruncated { get; set; }
}

/// <summary>What the scoring model needs: the raw vital signs (it concatenates them itself).</summary>
public sealed class VitalsRow
{
    public float HeartRate { get; set; }

    public float Glucose { get; set; }

    public float SystolicBp { get; set; }

    public float Temperature { get; set; }
}

/// <summary>The policy's outputs for a discrete action space.</summary>
public sealed class TreatmentPrediction
{
    public long[] PredictedAction { get; set; } = [];

    public float[] ActionProbabilities { get; set; } = [];
}
