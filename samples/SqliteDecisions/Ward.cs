namespace OfflineRl.Samples.SqliteDecisions;

/// <summary>One logged patient-day: the vitals seen, the treatment given and what followed.</summary>
public readonly record struct WardStep(
    int Patient, int Day, float HeartRate, float Glucose, float SystolicBp, float Temperature,
    int Treatment, float Outcome, bool Discharged, bool Truncated);

/// <summary>
/// A small deterministic ward. Patients arrive hyperglycaemic, hypotensive or with both mildly out of range. Treatments:
/// 0 = standard care (glucose and blood pressure drift slowly back to normal), 1 = insulin (glucose −55 mg/dL, too much
/// of it causes hypoglycaemia), 2 = IV fluids (systolic +14 mmHg, too much causes hypertension). Each day costs the
/// patient's severity after the treatment; a patient with every vital in range is discharged (terminal, +1), others leave
/// after <see cref="MaxDays"/> days (truncated). The better treatment of a state is the one with the lowest expected
/// severity the next day, so it depends on the vitals; heart rate follows blood pressure, temperature is noise.
/// Clinicians give standard care half the time, the better treatment 30 % and a random one 20 %.
/// </summary>
public static class Ward
{
    public const int TreatmentCount = 3;

    public const int MaxDays = 10;

    public const float Discount = 0.9f;

    /// <summary>0 when glucose is in [80, 140] mg/dL and systolic pressure in [110, 150] mmHg, growing outside.</summary>
    public static double Severity(double glucose, double systolic) =>
        Math.Max(0, (glucose - 140) / 40) + Math.Max(0, (80 - glucose) / 15) +
        Math.Max(0, (110 - systolic) / 10) + Math.Max(0, (systolic - 150) / 10);

    /// <summary>Expected next-day glucose and systolic pressure under a treatment.</summary>
    public static (double Glucose, double Systolic) Expected(double glucose, double systolic, int treatment) => treatment switch
    {
        0 => (Toward(glucose, 110, 8), Toward(systolic, 125, 3)),
        1 => (glucose - 55, systolic),
        2 => (glucose, systolic + 14),
        _ => throw new ArgumentOutOfRangeException(nameof(treatment)),
    };

    /// <summary>The treatment with the lowest expected severity the next day (standard care on ties).</summary>
    public static int BetterTreatment(double glucose, double systolic)
    {
        var best = 0;
        var bestSeverity = double.MaxValue;
        for (var a = 0; a < TreatmentCount; a++)
        {
            var (g, s) = Expected(glucose, systolic, a);
            var severity = Severity(g, s);
            if (severity < bestSeverity - 1e-9)
            {
                (best, bestSeverity) = (a, severity);
            }
        }

        return best;
    }

    /// <summary>
    /// Every day of <paramref name="patients"/> patients under the clinicians' policy, or under <paramref name="treat"/>
    /// (heart rate, glucose, systolic pressure, temperature → treatment) when one is given.
    /// </summary>
    public static IEnumerable<WardStep> Simulate(int patients, Random random, Func<float, float, float, float, int>? treat = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var p = 0; p < patients; p++)
        {
            var kind = random.NextDouble();
            double glucose, systolic;
            if (kind < 0.4)
            {
                (glucose, systolic) = (Uniform(random, 200, 320), Uniform(random, 112, 135));
            }
            else if (kind < 0.8)
            {
                (glucose, systolic) = (Uniform(random, 90, 135), Uniform(random, 72, 98));
            }
            else
            {
                (glucose, systolic) = (Uniform(random, 150, 200), Uniform(random, 95, 110));
            }

            for (var day = 0; day < MaxDays; day++)
            {
                // Logged values are rounded as a monitor would show them, so they survive text round trips unchanged.
                // Held as floats so that the better treatment computed here is the one computed from the database's values.
                glucose = (float)Math.Round(glucose, 1);
                systolic = (float)Math.Round(systolic, 1);
                var heartRate = Math.Round(72 + (1.5 * Math.Max(0, 110 - systolic)) + Uniform(random, -5, 5), 1);
                var temperature = Math.Round(Uniform(random, 36.4, 37.6), 1);

                int treatment;
                if (treat is null)
                {
                    var u = random.NextDouble();
                    treatment = u < 0.5 ? 0 : u < 0.8 ? BetterTreatment(glucose, systolic) : random.Next(TreatmentCount);
                }
                else
                {
                    treatment = treat((float)heartRate, (float)glucose, (float)systolic, (float)temperature);
                }

                var (g, s) = Expected(glucose, systolic, treatment);
                g += Uniform(random, -5, 5);
                s += Uniform(random, -2, 2);
                var severity = Severity(g, s);
                var discharged = severity == 0;
                var truncated = !discharged && day == MaxDays - 1;
                var outcome = discharged ? 1f : (float)-severity;
                yield return new WardStep(p, day, (float)heartRate, (float)glucose, (float)systolic, (float)temperature,
                    treatment, outcome, discharged, truncated);
                if (discharged)
                {
                    break;
                }

                (glucose, systolic) = (g, s);
            }
        }
    }

    /// <summary>
    /// The true value of a policy on this ward: the mean over <paramref name="patients"/> new patients of the discounted
    /// return Σ γ^day · outcome, the quantity off-policy evaluation estimates from the log. Null <paramref name="treat"/>
    /// values the clinicians.
    /// </summary>
    public static double Value(Func<float, float, float, float, int>? treat, int patients, int seed)
    {
        var total = 0.0;
        foreach (var step in Simulate(patients, new Random(seed), treat))
        {
            total += Math.Pow(Discount, step.Day) * step.Outcome;
        }

        return total / patients;
    }

    private static double Toward(double value, double target, double rate) =>
        value > target ? Math.Max(target, value - rate) : Math.Min(target, value + rate);

    private static double Uniform(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
