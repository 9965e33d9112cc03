using System.Globalization;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Watches a critic for the two signs of divergence and words a diagnosis once for each (the training loop writes it to
/// <c>mlContext.Log</c> as a warning, before any stop on a non-finite loss):
/// <list type="bullet">
/// <item>values out of the range the data's rewards allow: |Q(s, a)| above <see cref="Slack"/> × r_max / (1 − γ), r_max the
/// largest |reward| of the data (no discounted sum of such rewards is larger);</item>
/// <item>a TD loss that keeps growing: its mean over <see cref="Window"/> steps more than doubles
/// <see cref="GrowingWindows"/> windows in a row.</item>
/// </list>
/// </summary>
internal sealed class DivergenceWatch
{
    /// <summary>Steps per window of the loss-growth check.</summary>
    public const int Window = 500;

    /// <summary>Windows in a row whose mean loss more than doubled before the growth is reported.</summary>
    public const int GrowingWindows = 3;

    /// <summary>How far beyond r_max / (1 − γ) a value may go before it is reported (1.1: 10 %).</summary>
    public const float Slack = 1.1f;

    private readonly string _algorithm;
    private readonly string? _penalty;
    private readonly float _rewardMax, _discount;
    private double _windowSum, _previousMean = double.NaN;
    private int _windowSteps, _growing;
    private bool _reportedRange, _reportedGrowth;
    private string? _pending;

    /// <param name="algorithm">The algorithm's name in the message.</param>
    /// <param name="data">The training data (its rewards bound the values).</param>
    /// <param name="discount">γ.</param>
    /// <param name="penalty">The algorithm's own knob that moves its values (named among the causes), or null.</param>
    public DivergenceWatch(string algorithm, TrajectoryDataset data, float discount, string? penalty)
    {
        _algorithm = algorithm;
        _penalty = penalty;
        _discount = discount;
        foreach (var r in data.Rewards)
        {
            _rewardMax = MathF.Max(_rewardMax, MathF.Abs(r));
        }

        Bound = _rewardMax / (1f - discount);
    }

    /// <summary>r_max / (1 − γ).</summary>
    public float Bound { get; }

    /// <summary>
    /// Records one step (0-based <paramref name="step"/>): the largest |Q| of the batch and its TD loss. Allocates only when
    /// it words a diagnosis.
    /// </summary>
    public void Observe(int step, float largestValue, double loss)
    {
        if (!_reportedRange && !(largestValue <= (Slack * Bound) + 1e-3f))
        {
            _reportedRange = true;
            _pending = string.Create(CultureInfo.InvariantCulture,
                $"{_algorithm}: at step {step + 1} the critic's values reach |Q| = {largestValue:G4}, beyond r_max/(1 − γ) = {Bound:G4} that the data's rewards allow (r_max = {_rewardMax:G4}, γ = {_discount:G4}): the critic is diverging. {Causes}");
        }

        if (_reportedGrowth)
        {
            return;
        }

        _windowSum += loss;
        if (++_windowSteps < Window)
        {
            return;
        }

        var mean = _windowSum / Window;
        _growing = mean > 2 * _previousMean || double.IsNaN(mean) ? _growing + 1 : 0;
        var previous = _previousMean;
        (_previousMean, _windowSum, _windowSteps) = (mean, 0, 0);
        if (_growing >= GrowingWindows)
        {
            _reportedGrowth = true;
            _pending = (_pending is null ? "" : _pending + Environment.NewLine) + string.Create(CultureInfo.InvariantCulture,
                $"{_algorithm}: at step {step + 1} the TD loss has more than doubled {GrowingWindows} windows of {Window} steps in a row (now {mean:G4}, before {previous:G4}): the critic is diverging. {Causes}");
        }
    }

    /// <summary>The diagnosis worded since the last call, or null.</summary>
    public string? Take()
    {
        var message = _pending;
        _pending = null;
        return message;
    }

    private string Causes =>
        $"Usual causes: rewards on a large scale (scale them, e.g. Transforms.ScaleRewards), {(_penalty is null ? "" : $"{_penalty} set too low for the data's coverage, ")}or a learning rate too high (try 1e-4 or lower).";
}
