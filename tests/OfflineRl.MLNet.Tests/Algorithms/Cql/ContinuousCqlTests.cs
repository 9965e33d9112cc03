using Microsoft.ML;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Tests.Nn;
using OfflineRl.MLNet.Tests.Onnx;
using OfflineRl.MLNet.Training;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Algorithms.Cql;

/// <summary>Continuous CQL(H): with α = 0 it is the soft actor-critic update bit for bit; with α &gt; 0 it pushes sampled actions' values below the logged ones.</summary>
public sealed class ContinuousCqlTests(ITestOutputHelper output)
{
    private static CqlOptions Options(float alpha, int steps = 30) => new()
    {
        Steps = steps,
        BatchSize = 32,
        HiddenSizes = [16, 16],
        LearningRate = 1e-3f,
        Continuous = new ContinuousCqlOptions { ConservativeWeight = alpha, SampledActions = 4, ActorLearningRate = 1e-3f },
    };

    private static ContinuousCqlAlgorithm Algorithm(TrajectoryDataset data, CqlOptions options) =>
        Assert.IsType<ContinuousCqlAlgorithm>(((IPolicyTrainer)new MLContext(0).OfflineRL().Trainers.Cql(options)).CreateAlgorithm(data, 5));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void With_penalty_weight_zero_it_is_exactly_the_soft_actor_critic_update(bool learnTemperature, bool backupEntropy)
    {
        var data = ExportFixtures.Pendulum;
        var options = Options(0f);
        (options.Continuous.LearnTemperature, options.Continuous.BackupEntropy) = (learnTemperature, backupEntropy);
        var cql = Algorithm(data, options);
        var (sac, _) = ContinuousCqlAlgorithm.CreateSoftActorCritic(data, options, 5);
        var sampler = BatchSampler.ForTemporalDifference(data, options.BatchSize, 5);
        var losses = new double[4];
        for (var step = 0; step < options.Steps; step++)
        {
            cql.Step(step, losses);
            sampler.Sample();
            sac.Update(step, new Transitions(sampler.Observations, sampler.Actions, sampler.Rewards, sampler.NotDone, sampler.NextObservations));
        }

        var penalized = cql.SoftActorCritic;
        Assert.Equal(sac.Head.Parameters.ToArray(), penalized.Head.Parameters.ToArray());
        Assert.Equal(sac.Critic.Network.Parameters, penalized.Critic.Network.Parameters);
        Assert.Equal(sac.Critic.Network.TargetParameters, penalized.Critic.Network.TargetParameters);
        Assert.Equal(sac.Temperature.Value, penalized.Temperature.Value);
        Assert.Equal(learnTemperature, sac.Temperature.Value != 1f);

        // The same run with a penalty moves the critic, or the equality above proves nothing.
        var other = Algorithm(data, Options(1f));
        for (var step = 0; step < options.Steps; step++)
        {
            other.Step(step, losses);
        }

        Assert.NotEqual(sac.Critic.Network.Parameters, other.SoftActorCritic.Critic.Network.Parameters);
    }

    [Fact]
    public void The_penalty_puts_sampled_actions_below_the_logged_ones_where_soft_actor_critic_does_not()
    {
        var data = ExportFixtures.Pendulum;
        double Gap(float alpha)
        {
            var cql = Algorithm(data, Options(alpha, steps: 600));
            var losses = new double[4];
            for (var step = 0; step < 600; step++)
            {
                cql.Step(step, losses);
            }

            // mean Q(s, a_logged) − mean Q(s, uniform a) over logged states, through the online critics' minimum.
            var critic = cql.SoftActorCritic.Critic;
            var sampler = BatchSampler.ForTemporalDifference(data, 32, 11);
            var random = new NnRandom(11);
            var (logged, uniform) = (new float[32], new float[32]);
            var uniformActions = new float[32 * data.ActionSpace.Dimension];
            var input = critic.NewInput();
            double gap = 0;
            for (var batch = 0; batch < 64; batch++)
            {
                sampler.Sample();
                critic.MinOfOnline(critic.Input(sampler.Observations, sampler.Actions, input), default, logged);
                for (var i = 0; i < uniformActions.Length; i++)
                {
                    uniformActions[i] = (float)(2 * random.NextDouble() - 1);
                }

                critic.MinOfOnline(critic.Input(sampler.Observations, uniformActions, input), default, uniform);
                for (var i = 0; i < 32; i++)
                {
                    gap += logged[i] - uniform[i];
                }
            }

            return gap / 2048;
        }

        var (sac, cql) = (Gap(0f), Gap(5f));
        output.WriteLine($"mean Q(s, a_data) − Q(s, uniform): SAC {sac:F3}, CQL α=5 {cql:F3}");
        Assert.True(cql > 0, $"CQL: {cql}");
        Assert.True(cql > sac + 1, $"CQL {cql} vs SAC {sac}");
    }

    [Fact]
    public void Penalty_gradient_matches_finite_differences_of_alpha_times_the_mean_gap()
    {
        // The gradient the penalty adds to the critics is that of ½·α·(gap₁ + gap₂) = α·(the gap it reports), with the
        // same proposals every evaluation (the stream restored).
        var data = ExportFixtures.Pendulum;
        var options = Options(2f);
        options.BatchSize = 8;
        var cql = Algorithm(data, options);
        var critic = cql.SoftActorCritic.Critic;
        var sampler = BatchSampler.ForTemporalDifference(data, 8, 3);
        sampler.Sample();
        var batch = new Transitions(sampler.Observations, sampler.Actions, sampler.Rewards, sampler.NotDone, sampler.NextObservations);
        var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            StateIO.Write(writer, cql.Penalty.Random);
        }

        var input = critic.Input(sampler.Observations, sampler.Actions, critic.NewInput()).ToArray();
        double Penalty()
        {
            saved.Position = 0;
            using (var reader = new BinaryReader(saved, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                StateIO.Read(reader, cql.Penalty.Random);
            }

            critic.Heads[0].Forward(input, 8);
            critic.Heads[1].Forward(input, 8);
            Array.Clear(critic.Network.Gradients);
            return 2.0 * cql.Penalty.AddGradient(0, batch);
        }

        Penalty();
        var analytic = (float[])critic.Network.Gradients.Clone();
        Assert.Contains(analytic, g => g != 0f);
        var count = critic.Network.Parameters.Length;
        GradCheck.Check(critic.Network.Parameters, Penalty, analytic, "penalty", Enumerable.Range(0, 60).Select(i => i * (count / 60)), h: 1e-2f, tolerance: 3e-2);
    }
}
