using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests.Evaluation;

/// <summary>
/// A test target policy whose probabilities are a table, the same in every state: categorical over
/// <see cref="Probabilities"/> (greedy = the most probable action), or, with <see cref="ContinuousAction"/>, a deterministic
/// continuous action without a density.
/// </summary>
internal sealed class TablePolicy : IPolicy
{
    private TablePolicy(PolicyKind kind, int observationDimension, double[] probabilities, float continuousAction)
    {
        Kind = kind;
        ObservationDimension = observationDimension;
        Probabilities = probabilities;
        ContinuousAction = continuousAction;
    }

    public static TablePolicy Categorical(int observationDimension, params double[] probabilities) =>
        new(PolicyKind.Categorical, observationDimension, probabilities, 0);

    public static TablePolicy Deterministic(int observationDimension, float action) =>
        new(PolicyKind.Deterministic, observationDimension, [], action);

    public double[] Probabilities { get; }

    public float ContinuousAction { get; }

    public PolicyKind Kind { get; }

    public int ObservationDimension { get; }

    public int ActionDimension => 1;

    public int ActionCount => Kind == PolicyKind.Categorical ? Probabilities.Length : 0;

    public PolicyPreprocessing Preprocessing => PolicyPreprocessing.Identity;

    public void Act(ReadOnlySpan<float> observation, Span<float> action) => Act(observation, 1, action);

    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions)
    {
        var greedy = Kind == PolicyKind.Categorical ? Array.IndexOf(Probabilities, Probabilities.Max()) : ContinuousAction;
        actions.Slice(0, batch).Fill(greedy);
    }

    public float LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        Span<float> result = stackalloc float[1];
        LogProb(observation, action, 1, result);
        return result[0];
    }

    public void LogProb(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs)
    {
        if (Kind != PolicyKind.Categorical)
        {
            throw new NotSupportedException("a deterministic policy has no density");
        }

        for (var i = 0; i < batch; i++)
        {
            logProbs[i] = (float)Math.Log(Probabilities[(int)actions[i]]);
        }
    }

    public void Save(string path) => throw new NotSupportedException();
}
