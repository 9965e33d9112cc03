using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms.Sac;

public sealed class SoftActorCriticAgentTests
{
    private static readonly ActionSpace Unit = ActionSpace.Continuous(1, [-2f], [2f]);

    // One state, every step terminal, r = −(a − 1)²: Q(s, a) = r, and the greedy action of a learned policy goes to 1.
    [Fact]
    public void Learns_the_best_action_of_a_one_step_task()
    {
        var agent = new SoftActorCriticAgent(2, Unit, new SoftActorCriticAgentOptions { HiddenSizes = [32, 32], BatchSize = 64, LearningRate = 3e-3f, Seed = 3 });
        float[] s = [0.5f, -0.5f];
        var action = new float[1];
        for (var t = 0; t < 1500; t++)
        {
            agent.Explore(s, action);
            Assert.InRange(action[0], -2f, 2f);
            agent.Remember(s, action, -(action[0] - 1) * (action[0] - 1), terminal: true, s);
            if (agent.ReplayCount >= 64)
            {
                agent.Update();
            }
        }

        agent.Policy.Act(s, action);
        Assert.InRange(action[0], 0.8f, 1.2f);
        Assert.Equal(1500 - 63, agent.Updates);
        Assert.True(agent.Temperature < 1, $"α {agent.Temperature} should fall toward the target entropy");
    }

    [Fact]
    public void The_same_seed_gives_the_same_bits()
    {
        float[] Run()
        {
            var agent = new SoftActorCriticAgent(2, Unit, new SoftActorCriticAgentOptions { HiddenSizes = [8], BatchSize = 16, Seed = 9 });
            float[] s = [1f, 2f];
            var action = new float[1];
            for (var t = 0; t < 60; t++)
            {
                agent.Explore(s, action);
                agent.Remember(s, action, action[0], terminal: t % 7 == 6, s);
                if (agent.ReplayCount >= 16)
                {
                    agent.Update();
                }
            }

            agent.Policy.Act(s, action);
            return [action[0], (float)agent.LastLosses.Critic, (float)agent.Temperature];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Updates_wait_for_a_batch_and_bad_settings_are_refused()
    {
        var agent = new SoftActorCriticAgent(1, Unit, new SoftActorCriticAgentOptions { BatchSize = 4 });
        agent.Remember([0f], [0f], 0f, false, [0f]);
        var early = Assert.Throws<InvalidOperationException>(agent.Update);
        Assert.Contains("holds 1 transitions", early.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SoftActorCriticAgent(1, ActionSpace.Discrete(2)));
        var bad = Assert.Throws<InvalidOptionsException>(() => new SoftActorCriticAgent(1, Unit, new SoftActorCriticAgentOptions { BatchSize = 8, ReplayCapacity = 4, Discount = 1f }));
        Assert.Equal(2, bad.Errors.Count);
    }

    [Fact]
    public void The_replay_ring_keeps_the_newest_transitions()
    {
        var replay = new ReplayBuffer(capacity: 3, observationDimension: 1, actionDimension: 1, batchSize: 64);
        for (var i = 0; i < 5; i++)
        {
            replay.Add([i], [i / 10f], i, terminal: i == 4, [i + 1]);
        }

        Assert.Equal(3, replay.Count);
        var batch = replay.Sample(new NnRandom(1));
        Assert.Equal([2f, 3f, 4f], batch.Observations.Distinct().Order());
        for (var k = 0; k < 64; k++)
        {
            var i = batch.Observations[k];
            Assert.Equal((i + 1, i / 10f, i, i == 4 ? 0f : 1f), (batch.NextObservations[k], batch.Actions[k], batch.Rewards[k], batch.NotDone[k]));
        }
    }
}
