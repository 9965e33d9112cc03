using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Data;

/// <summary>Binary helpers for checkpoints: float arrays, Adam state and RNG state, with length checks.</summary>
internal static class StateIO
{
    /// <summary>
    /// Reads a string <see cref="BinaryWriter.Write(string)"/> wrote, refusing a length prefix beyond
    /// <paramref name="maxBytes"/> or beyond the bytes left in the stream before allocating for it.
    /// </summary>
    /// <exception cref="InvalidDataException">On a bad or implausible length prefix; <paramref name="what"/> names the field.</exception>
    public static string ReadString(BinaryReader r, string what, int maxBytes = 4096)
    {
        int length;
        try
        {
            length = r.Read7BitEncodedInt();
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"the length of {what} is malformed", ex);
        }

        var stream = r.BaseStream;
        if (length < 0 || length > maxBytes || (stream.CanSeek && length > stream.Length - stream.Position))
        {
            throw new InvalidDataException($"{what} claims {length} bytes ({(stream.CanSeek ? $"{stream.Length - stream.Position} are left" : $"at most {maxBytes} are read")})");
        }

        var bytes = r.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException();
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }

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
