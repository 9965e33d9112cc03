namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The valley both MountainCar environments share (Gymnasium's <c>mountain_car.py</c> and
/// <c>continuous_mountain_car.py</c> use the same track): v ← clip(v + acceleration − 0.0025·cos(3p), ±0.07),
/// p ← clip(p + v, [−1.2, 0.6]), a negative velocity at the left wall set to 0; start p uniform in [−0.6, −0.4), v = 0.
/// </summary>
internal static class MountainCarPhysics
{
    /// <summary>Leftmost position.</summary>
    public const double MinPosition = -1.2;

    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = 0.6;

    /// <summary>Speed bound.</summary>
    public const double MaxSpeed = 0.07;

    /// <summary>Gravity term: the slope pulls with −0.0025·cos(3p).</summary>
    public const double GravityTerm = 0.0025;

    /// <summary>Draws the start state into <paramref name="state"/> (position, velocity).</summary>
    public static void Reset(Span<double> state, int seed)
    {
        var random = new SeededRandom(seed);
        state[0] = random.NextDouble(-0.6, -0.4);
        state[1] = 0;
    }

    /// <summary>One step of the car under <paramref name="acceleration"/> (already scaled by the engine power).</summary>
    public static void Advance(ref double position, ref double velocity, double acceleration)
    {
        velocity += acceleration - (GravityTerm * Math.Cos(3 * position));
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0)
        {
            velocity = 0;
        }
    }
}
