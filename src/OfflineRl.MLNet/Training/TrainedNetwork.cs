using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// A network an algorithm trains: one parameter array holding <see cref="Nets"/> (one network, or several of the same
/// shape such as twin critics, so one Adam sweep updates them all), its Adam optimizer, an optional Polyak-averaged
/// target copy and an optional cosine schedule of the learning rate.
/// </summary>
internal sealed class TrainedNetwork : ITrainable
{
    private readonly float? _targetRate;
    private readonly CosineSchedule? _schedule;

    /// <summary>
    /// Creates and initializes (with <paramref name="random"/>, network by network) <paramref name="copies"/> networks of
    /// <paramref name="shape"/>; with <paramref name="targetRate"/> also their targets, starting as copies.
    /// </summary>
    public TrainedNetwork(string name, MlpOptions shape, int batch, float learningRate, NnRandom random, int copies = 1, float? targetRate = null, CosineSchedule? schedule = null)
    {
        Name = name;
        Shape = shape;
        var count = Mlp.CountParameters(shape);
        Parameters = new float[copies * count];
        Gradients = new float[copies * count];
        Nets = new Mlp[copies];
        for (var c = 0; c < copies; c++)
        {
            // Algorithms run networks side by side (StepPlan); a network's own passes are not split further, which
            // keeps the result the same for every thread count.
            Nets[c] = new Mlp(shape, batch, Parameters, Gradients, c * count) { RowSharding = false };
        }

        foreach (var net in Nets)
        {
            net.Initialize(random);
        }

        Optimizer = new Adam(Parameters.Length, learningRate);
        _schedule = schedule;
        _targetRate = targetRate;
        if (targetRate is not null)
        {
            TargetParameters = (float[])Parameters.Clone();
            var unused = new float[Parameters.Length];
            Targets = new Mlp[copies];
            for (var c = 0; c < copies; c++)
            {
                Targets[c] = new Mlp(shape, batch, TargetParameters, unused, c * count) { RowSharding = false };
            }
        }
    }

    public string Name { get; }

    /// <summary>Shape of every network.</summary>
    public MlpOptions Shape { get; }

    /// <summary>The networks, over consecutive slices of <see cref="Parameters"/>.</summary>
    public Mlp[] Nets { get; }

    /// <summary>The first (or only) network.</summary>
    public Mlp Net => Nets[0];

    /// <summary>The target networks (empty without a target).</summary>
    public Mlp[] Targets { get; } = [];

    public float[] Parameters { get; }

    public float[] Gradients { get; }

    /// <summary>Polyak-averaged parameters of <see cref="Targets"/> (empty without a target).</summary>
    public float[] TargetParameters { get; } = [];

    public Adam Optimizer { get; }

    /// <summary>
    /// One optimizer step on the current gradients (the learning rate first follows the schedule at 0-based
    /// <paramref name="step"/>), then, unless <paramref name="updateTarget"/> is false (TD3's delayed targets),
    /// θ′ ← (1 − rate)·θ′ + rate·θ for the target.
    /// </summary>
    public void Update(int step, bool updateTarget = true)
    {
        if (_schedule is not null)
        {
            Optimizer.LearningRate = _schedule.LearningRate(step);
        }

        Optimizer.Step(Parameters, Gradients);
        if (updateTarget)
        {
            UpdateTarget();
        }
    }

    /// <summary>θ′ ← (1 − rate)·θ′ + rate·θ (nothing without a target).</summary>
    public void UpdateTarget()
    {
        if (_targetRate is { } rate)
        {
            Polyak.Update(TargetParameters, Parameters, rate);
        }
    }

    public void WriteParameters(BinaryWriter writer)
    {
        StateIO.Write(writer, Parameters);
        if (TargetParameters.Length > 0)
        {
            StateIO.Write(writer, TargetParameters);
        }
    }

    public void ReadParameters(BinaryReader reader)
    {
        StateIO.Read(reader, Parameters);
        if (TargetParameters.Length > 0)
        {
            StateIO.Read(reader, TargetParameters);
        }
    }
}
