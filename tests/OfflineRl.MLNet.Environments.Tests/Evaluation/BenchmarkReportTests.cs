using System.Globalization;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkReportTests
{
    private static EvaluationResult Result(string env, double score, double? success = null) =>
        new(env, 10, 0, score, 0, 100, score, success, [score]);

    private static BenchmarkCell[] Cells() =>
    [
        new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 40), Result("CartPole-v1", 60)], 1.5),
        new("IQL", "CartPole-v1-medium-replay", [Result("CartPole-v1", 90), Result("CartPole-v1", 100)], 2.5),
        new("BC", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 0, 0), Result("StitchGrid-v0", 0, 0.1)]),
        new("IQL", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 100, 1), Result("StitchGrid-v0", 100, 0.9)]),
    ];

    [Fact]
    public void Markdown_has_a_row_per_dataset_and_mean_std_cells()
    {
        var md = BenchmarkReport.ToMarkdown(Cells());
        var lines = md.Split("\n\n")[0].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("| Dataset | Seeds | BC | IQL |", lines[0]);
        Assert.Equal("| CartPole-v1-medium-replay | 2 | 50.0 ± 10.0 | 95.0 ± 5.0 |", lines[2]);
        Assert.Equal("| StitchGrid-v0-stitch | 2 | 5% ± 5% success | 95% ± 5% success |", lines[3]);
    }

    [Fact]
    public void Csv_has_a_header_and_a_line_per_cell()
    {
        var lines = BenchmarkReport.ToCsv(Cells()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("algorithm,dataset,seeds,mean_normalized_score,std_normalized_score", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("train_seconds,iqm,iqm_lower,iqm_upper,se,eval_se", lines[0], StringComparison.Ordinal);

        // Two seeds: the IQM keeps both (⌊2/4⌋ = 0 dropped); a resample is both seeds' low score with probability ¼, far
        // above the 2.5 % tail, so the interval is [low, high]. SE = sample std / √2 = |a − b| / 2. Evaluation SE: CartPole's
        // episodes all returned the same; StitchGrid's seeds succeeded 100 % and 90 % of 10 episodes, so their SEs are 0 and
        // 100·√(0.9·0.1)/√9 = 10, and the cell's √(0² + 10²)/2 = 5.
        Assert.Equal("BC,CartPole-v1-medium-replay,2,50,10,,,50,1.5,50,40,60,10,0", lines[1]);
        Assert.Equal("IQL,StitchGrid-v0-stitch,2,100,0,0.95,0.05,100,0,95,90,100,5,5", lines[4]);
    }

    [Fact]
    public void Seed_csv_reads_back_into_the_same_cells()
    {
        var cells = BenchmarkReport.FromSeedCsv(BenchmarkReport.ToSeedCsv(Cells()));
        Assert.Equal(Cells().Select(c => (c.Algorithm, c.Dataset)), cells.Select(c => (c.Algorithm, c.Dataset)));
        Assert.Equal(Cells().Select(c => (c.Headline, c.HeadlineStd, c.MeanReturn)), cells.Select(c => (c.Headline, c.HeadlineStd, c.MeanReturn)));
        Assert.Equal(BenchmarkReport.ToMarkdown(Cells()), BenchmarkReport.ToMarkdown(cells));
        Assert.Equal([0, 1], cells[0].PerSeed.Select(r => r.Seed));
    }

    [Fact]
    public void Seed_csv_reader_reads_quoted_names_and_refuses_other_files()
    {
        var cells = BenchmarkReport.FromSeedCsv("algorithm,dataset,seed_index,normalized_score,success,mean_return\n\"A, tuned\",\"D\",0,12.5,0.5,3\n");
        Assert.Equal(("A, tuned", "D", 50.0), (cells[0].Algorithm, cells[0].Dataset, cells[0].Headline));
        Assert.Throws<InvalidDataException>(() => BenchmarkReport.FromSeedCsv("algorithm,dataset,seeds\nBC,D,1\n"));
        var error = Assert.Throws<InvalidDataException>(() => BenchmarkReport.FromSeedCsv("algorithm,dataset,seed_index,normalized_score,success,mean_return\nBC,D,0,high,,3\n"));
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cell_iqm_interval_and_standard_errors_are_the_hand_computed_ones_in_the_report()
    {
        // Four seeds 0, 10, 20, 100: the IQM drops one from each end, (10 + 20)/2 = 15. A resample's IQM is 0 when at
        // least three of its four draws are the 0: P = 4·(¼)³·¾ + (¼)⁴ = 13/256 ≈ 5.1 % > 2.5 %, so the lower end is 0, and
        // by symmetry the upper end 100. SE: mean 32.5, squared deviations sum 6275, √(6275/3/4) = 22.87. Each seed's
        // evaluation returned with spread 3 over 10 episodes: SE 3/√9 = 1 return, in score 100/(expert − random); four
        // such seeds give √(4·x²)/4 = x/2.
        var reference = ReferenceReturns.Get("CartPole-v1");
        var perReturn = 100 / Math.Abs(reference.Expert - reference.Random);
        BenchmarkCell cell = new("IQL", "CartPole-v1-medium-replay", [.. new[] { 0.0, 10, 20, 100 }.Select(v => new EvaluationResult("CartPole-v1", 10, 0, v, 3, 100, v, null, []))]);
        var iqm = cell.InterquartileMean();
        Assert.Equal((15.0, 0.0, 100.0), (iqm.Value, iqm.Lower, iqm.Upper));
        Assert.Equal(Math.Sqrt(6275.0 / 3 / 4), cell.StandardError, 12);
        Assert.Equal(perReturn / 2, cell.EvaluationStandardError, 12);
        var md = BenchmarkReport.ToMarkdown([cell]);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| CartPole-v1-medium-replay | 15.0 [0.0, 100.0], SE 22.9 (eval {perReturn / 2:0.0}) |"), md, StringComparison.Ordinal);

        // Same results, same intervals: the bootstrap is seeded.
        Assert.Equal(md, BenchmarkReport.ToMarkdown([cell]));

        // Read back from an older per-seed file (no episodes): no evaluation SE, and the report says nothing of it.
        var old = BenchmarkReport.FromSeedCsv("algorithm,dataset,seed_index,normalized_score,success,mean_return\nIQL,D,0,0,,1\nIQL,D,1,10,,1\nIQL,D,2,20,,1\nIQL,D,3,100,,1\n");
        Assert.True(double.IsNaN(old[0].EvaluationStandardError));
        Assert.Contains("| D | 15.0 [0.0, 100.0], SE 22.9 |", BenchmarkReport.ToMarkdown(old), StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_and_probability_of_improvement_of_hand_built_cells()
    {
        // A scores 50, 50 on D1 and 70, 70 on D2; BC 40, 60 and 80, 80.
        // A pooled {50, 50, 70, 70}: IQM (50 + 70)/2 = 60, and every stratified resample is the same, so [60, 60].
        // BC pooled {40, 60, 80, 80}: IQM 70; D1 resampled to {40, 40} (probability ¼) gives 60, otherwise 70: [60, 70].
        // P(A > BC) = (½·(1 + 0) + 0)/2 = 0.25; D1's BC resampled to {40, 40} gives 0.5, to {60, 60} gives 0: [0, 0.5].
        // P(BC > A) = (½ + 1)/2 = 0.75, [0.5, 1].
        BenchmarkCell[] cells =
        [
            new("A", "D1", [Result("D1", 50), Result("D1", 50)]),
            new("A", "D2", [Result("D2", 70), Result("D2", 70)]),
            new("BC", "D1", [Result("D1", 40), Result("D1", 60)]),
            new("BC", "D2", [Result("D2", 80), Result("D2", 80)]),
        ];
        var aggregate = BenchmarkReport.Aggregate(cells);
        Assert.Equal(["A", "BC"], aggregate.Select(a => a.Algorithm));
        Assert.Equal([(2, 4), (2, 4)], aggregate.Select(a => (a.Datasets, a.Runs)));
        Assert.Equal([(60.0, 60.0, 60.0), (70.0, 60.0, 70.0)], aggregate.Select(a => (a.InterquartileMean.Value, a.InterquartileMean.Lower, a.InterquartileMean.Upper)));
        var improvements = BenchmarkReport.Improvements(cells);
        Assert.Equal(
            [("A", "BC", 0.25, 0.0, 0.5), ("BC", "A", 0.75, 0.5, 1.0)],
            improvements.Select(i => (i.Algorithm, i.Baseline, i.Probability.Value, i.Probability.Lower, i.Probability.Upper)));

        var md = BenchmarkReport.ToMarkdown(cells);
        Assert.Contains("| Algorithm | Datasets | Runs | IQM [95 % interval] | P(> BC) [95 % interval] |", md, StringComparison.Ordinal);
        Assert.Contains("| A | 2 | 4 | 60.0 [60.0, 60.0] | 0.25 [0.00, 0.50] |", md, StringComparison.Ordinal);
        Assert.Contains("| BC | 2 | 4 | 70.0 [60.0, 70.0] | - |", md, StringComparison.Ordinal);
        Assert.Equal("algorithm,datasets,runs,iqm,iqm_lower,iqm_upper\nA,2,4,60,60,60\nBC,2,4,70,60,70\n", BenchmarkReport.ToAggregateCsv(cells).ReplaceLineEndings("\n"));
        Assert.Equal(
            "algorithm,baseline,datasets,probability,lower,upper\nA,BC,2,0.25,0,0.5\nBC,A,2,0.75,0.5,1\n",
            BenchmarkReport.ToImprovementCsv(cells).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Performance_profiles_are_the_hand_computed_fractions_in_the_table_and_the_csv()
    {
        // Headline scores: BC 40, 60 on CartPole and success 0 %, 10 % on StitchGrid; IQL 90, 100 and 100 %, 90 %.
        var cells = Cells();
        var profiles = BenchmarkReport.Profiles(cells, [0, 25, 50, 95]);

        // BC above 0: CartPole 2/2, StitchGrid 1/2 → ¾; above 25: 1 and 0 → ½; above 50: ½ and 0 → ¼; above 95: 0.
        // IQL above 95: CartPole 1/2 (100 > 95, 90 not), StitchGrid 1/2 (100 %) → ½.
        Assert.Equal(["BC", "IQL"], profiles.Select(p => p.Algorithm));
        Assert.Equal([0.75, 0.5, 0.25, 0], profiles[0].Fractions);
        Assert.Equal([1.0, 1, 1, 0.5], profiles[1].Fractions);
        Assert.All(profiles, p => Assert.Equal(2, p.Datasets));

        var markdown = BenchmarkReport.ToMarkdown(cells);
        Assert.Contains("| Algorithm | τ = 0 | τ = 25 | τ = 50 | τ = 75 | τ = 100 |", markdown);
        Assert.Contains("| BC | 0.75 | 0.50 | 0.25 | 0.00 | 0.00 |", markdown);
        Assert.Contains("| IQL | 1.00 | 1.00 | 1.00 | 1.00 | 0.00 |", markdown);

        // The CSV's default grid runs from below every score to 100 in whole steps, so each curve starts at 1 and ends at 0.
        var lines = BenchmarkReport.ToProfileCsv(cells).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("algorithm,datasets,tau,fraction_above", lines[0].TrimEnd('\r'));
        Assert.Equal(1 + (2 * 102), lines.Length);
        Assert.Equal("BC,2,-1,1", lines[1].TrimEnd('\r'));
        Assert.Equal("BC,2,59,0.25", lines[61].TrimEnd('\r'));
        Assert.Equal("IQL,2,100,0", lines[^1].TrimEnd('\r'));
    }

    [Fact]
    public void Seed_csv_with_a_summary_restores_training_times_and_keeps_the_evaluation_spread()
    {
        var seeds = BenchmarkReport.ToSeedCsv(Cells());
        var cells = BenchmarkReport.FromSeedCsv(seeds, BenchmarkReport.ToCsv(Cells()));
        Assert.Equal([1.5, 2.5, 0, 0], cells.Select(c => c.TrainSeconds));
        Assert.Equal(Cells().Select(c => c.EvaluationStandardError), cells.Select(c => c.EvaluationStandardError));
        Assert.Equal(BenchmarkReport.ToCsv(Cells()), BenchmarkReport.ToCsv(cells));

        // An older summary (no statistics columns) serves as well; a file without train_seconds does not.
        var old = "algorithm,dataset,seeds,mean_normalized_score,std_normalized_score,mean_success,std_success,mean_return,train_seconds\nIQL,CartPole-v1-medium-replay,2,95,5,,,95,7.25\n";
        Assert.Equal([0, 7.25, 0, 0], BenchmarkReport.FromSeedCsv(seeds, old).Select(c => c.TrainSeconds));
        Assert.Throws<InvalidDataException>(() => BenchmarkReport.FromSeedCsv(seeds, "algorithm,dataset,seeds\nBC,D,1\n"));
    }

    [Fact]
    public void Classic_mean_standard_error_is_over_the_per_seed_means()
    {
        // Two classic datasets, three seeds: per-seed means (10+30)/2 = 20, (20+40)/2 = 30, (30+80)/2 = 55;
        // mean 35, sample variance ((−15)² + (−5)² + 20²)/2 = 325, SE = √(325/3) = 10.408.
        BenchmarkCell[] cells =
        [
            new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 10, null), Result("CartPole-v1", 20, null), Result("CartPole-v1", 30, null)]),
            new("BC", "Pendulum-v1-medium-replay", [Result("Pendulum-v1", 30, null), Result("Pendulum-v1", 40, null), Result("Pendulum-v1", 80, null)]),
        ];
        Assert.Equal([20.0, 30.0, 55.0], BenchmarkReport.ClassicMeanPerSeed(cells, "BC"));
        Assert.Equal(Math.Sqrt(325.0 / 3), BenchmarkReport.ClassicMeanStandardError(cells, "BC"), 12);
        var md = BenchmarkReport.ToMarkdown(cells);
        Assert.Contains("| mean of 2 scored datasets | | 35.0 |", md, StringComparison.Ordinal);
        Assert.Contains("| standard error of that mean over seeds | | 10.4 |", md, StringComparison.Ordinal);
        var seedLines = BenchmarkReport.ToSeedCsv(cells).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(7, seedLines.Length);
        Assert.Equal("BC,Pendulum-v1-medium-replay,2,80,,80,Pendulum-v1,10,0", seedLines[6]);
    }
}
