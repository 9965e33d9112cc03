namespace OfflineRl.MLNet.Environments;

/// <summary>The quality knob of a scripted controller.</summary>
/// <param name="Epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
/// <param name="NoiseScale">Standard deviation of Gaussian action noise as a fraction of half the action range (continuous actions only).</param>
public readonly record struct ControllerKnobs(double Epsilon, double NoiseScale = 0);
