using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Training;

/// <summary>Binary helpers for checkpoints: float arrays, Adam state and RNG state, with length checks.</summary>
internal static class StateIO
{
    public static void Write(BinaryWriter w, ReadOnlySpan<float> values)
    {
        w.Write(values.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    public static void Read(BinaryReader r, Span<float> destination)
    {
        var n = r.ReadInt32();
        if (n != destination.Length)
        {
            throw new InvalidDataException($"Checkpoint holds {n} values where {destination.Length} are expected; it was written with other options.");
        }

        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination));
    }

    public static void Write(BinaryWriter w, Adam adam)
    {
        w.Write(adam.StepCount);
        w.Write(adam.LearningRate);
        Write(w, adam.FirstMoments);
        Write(w, adam.SecondMoments);
    }

    public static void Read(BinaryReader r, Adam adam)
    {
        adam.StepCount = r.ReadInt64();
        adam.LearningRate = r.ReadSingle();
        Read(r, adam.FirstMoments);
        Read(r, adam.SecondMoments);
    }

    public static void Write(BinaryWriter w, NnRandom random)
    {
        Span<ulong> state = stackalloc ulong[6];
        random.GetState(state);
        foreach (var word in state)
        {
            w.Write(word);
        }
    }

    public static void Read(BinaryReader r, NnRandom random)
    {
        Span<ulong> state = stackalloc ulong[6];
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = r.ReadUInt64();
        }

        random.SetState(state);
    }
}
