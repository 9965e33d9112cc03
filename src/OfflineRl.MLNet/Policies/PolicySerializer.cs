using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// The native policy file: the 8 ASCII bytes <c>ORLPOLCY</c>, an int32 format version (currently 1), an int32 byte
/// length and a UTF-8 JSON header (kind, dimensions, network options, head options, preprocessing, parameter count),
/// then an int32 parameter count and the raw float32 parameters, all little-endian. Files are written to a temporary
/// file beside the target and then renamed over it, so a reader never sees a partial file.
/// </summary>
internal static class PolicySerializer
{
    /// <summary>The current format version.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ORLPOLCY"u8.ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Saves <paramref name="policy"/> atomically to <paramref name="path"/>.</summary>
    public static void Save(Policy policy, string path)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Data.AtomicFile.Write(path, stream => Write(policy, stream));
    }

    /// <summary>Writes <paramref name="policy"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="NotSupportedException">For a policy that is not one network with a head (the format has no other kind yet).</exception>
    public static void Write(Policy policy, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(stream);
        var (network, headOptions, parameters) = policy switch
        {
            MlpHead h => (h.Network, h.HeadOptions(), h.Parameters.ToArray()),
            GreedyQPolicy g => (g.Network, GreedyOptions(g), g.AllParameters()),
            _ => throw new NotSupportedException($"Policies of type {policy.GetType().Name} cannot be saved in format version {FormatVersion}."),
        };
        var header = new PolicyHeader
        {
            Kind = policy.Kind.ToString(),
            ObservationDimension = policy.ObservationDimension,
            ActionDimension = policy.ActionDimension,
            ActionCount = policy.ActionCount,
            HiddenSizes = [.. network.HiddenSizes],
            HiddenActivation = network.HiddenActivation.ToString(),
            LayerNorm = network.LayerNorm,
            DropoutRate = network.DropoutRate,
            HeadOptions = headOptions,
            ObservationMean = policy.Preprocessing.ObservationMean?.ToArray(),
            ObservationStd = policy.Preprocessing.ObservationStd?.ToArray(),
            ActionLow = policy.Preprocessing.ActionLow?.ToArray(),
            ActionHigh = policy.Preprocessing.ActionHigh?.ToArray(),
            ParameterCount = parameters.Length,
            LibraryVersion = typeof(PolicySerializer).Assembly.GetName().Version?.ToString() ?? "0",
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(json.Length);
        writer.Write(json);
        writer.Write(parameters.Length);
        WriteFloats(writer, parameters);
    }

    /// <summary>Head options of a greedy-Q policy: the marker, whether a behaviour network follows Q's weights, and τ.</summary>
    private static Dictionary<string, float> GreedyOptions(GreedyQPolicy policy) => new()
    {
        [GreedyQMarker] = 1f,
        [BehaviorNetworkOption] = policy.Behavior is null ? 0f : 1f,
        [BehaviorThresholdOption] = policy.Threshold,
    };

    private const string GreedyQMarker = "greedyQ";
    private const string BehaviorNetworkOption = "behaviorNetwork";
    private const string BehaviorThresholdOption = "behaviorThreshold";

    /// <summary>The action-chunk length a deterministic policy's header records (1 when absent).</summary>
    private static int ChunkLength(PolicyHeader h)
    {
        var value = h.HeadOptions?.GetValueOrDefault(DeterministicHead.ChunkLengthOption, 1f) ?? 1f;
        return value is >= 1 and <= 4096 && value == MathF.Floor(value) && (value == 1 || h.Kind == nameof(PolicyKind.Deterministic))
            ? (int)value
            : throw new InvalidDataException($"the header's chunk length {value} is not a whole number from 1 to 4096 on a deterministic policy.");
    }

    private static bool IsGreedyQ(PolicyHeader h) => h.HeadOptions?.GetValueOrDefault(GreedyQMarker) == 1f;

    private static bool HasBehavior(PolicyHeader h) => h.HeadOptions?.GetValueOrDefault(BehaviorNetworkOption) == 1f;

    /// <summary>Loads a policy saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">When the file is not a policy file, has an unknown version or is inconsistent.</exception>
    public static Policy Load(string path, int maxBatch = 256)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream, maxBatch);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a policy from <paramref name="stream"/>.</summary>
    public static Policy Read(Stream stream, int maxBatch = 256)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("not an OfflineRl policy file (bad magic bytes).");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"policy format version {version} is not supported (this library reads version {FormatVersion}).");
            }

            var headerLength = reader.ReadInt32();
            if (headerLength is <= 0 or > 64 << 20 || (stream.CanSeek && headerLength > stream.Length - stream.Position))
            {
                throw new InvalidDataException($"header length {headerLength} is invalid{(stream.CanSeek ? $" ({stream.Length - stream.Position} bytes follow)" : "")}.");
            }

            var headerBytes = reader.ReadBytes(headerLength);
            if (headerBytes.Length != headerLength)
            {
                throw new EndOfStreamException();
            }

            var header = JsonSerializer.Deserialize<PolicyHeader>(headerBytes, JsonOptions)
                ?? throw new InvalidDataException("empty header.");
            CheckSize(header, stream);
            var policy = Create(header, maxBatch, out var parameters);
            var count = reader.ReadInt32();
            if (count != header.ParameterCount || count != parameters.Length)
            {
                throw new InvalidDataException($"the file holds {count} parameters; its options need {parameters.Length}.");
            }

            var bytes = reader.ReadBytes(count * sizeof(float));
            if (bytes.Length != count * sizeof(float))
            {
                throw new InvalidDataException("the file ends inside the weights.");
            }

            var target = MemoryMarshal.AsBytes(parameters.AsSpan());
            bytes.CopyTo(target);
            if (!BitConverter.IsLittleEndian)
            {
                ReverseFloats(target);
            }

            if (policy is MlpHead head)
            {
                parameters.CopyTo(head.Parameters);
            }
            else if (policy is GreedyQPolicy greedy)
            {
                parameters.AsSpan(0, greedy.QParameters.Length).CopyTo(greedy.QParameters);
                parameters.AsSpan(greedy.QParameters.Length).CopyTo(greedy.BehaviorParameters);
            }

            return policy;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("the file is truncated.", ex);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the header is not valid JSON: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"the header describes an invalid policy: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"the header is not valid UTF-8 JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Holds the parameter count the header's shape implies against the one it declares and the bytes that follow, in
    /// 64 bits, before any network of that shape is allocated.
    /// </summary>
    private static void CheckSize(PolicyHeader h, Stream stream)
    {
        if (!Enum.TryParse<PolicyKind>(h.Kind, out _) || !Enum.TryParse<Activation>(h.HiddenActivation, out _))
        {
            throw new InvalidDataException($"unknown policy kind '{h.Kind}' or activation '{h.HiddenActivation}'.");
        }

        var hidden = h.HiddenSizes ?? [];
        var chunk = ChunkLength(h);
        var outputs = h.Kind == nameof(PolicyKind.Categorical) ? (long)h.ActionCount : (long)h.ActionDimension * chunk;
        if (h.ObservationDimension < 1 || outputs < 1 || hidden.Any(x => x < 1))
        {
            throw new InvalidDataException(
                $"the header describes an invalid policy: observation dimension {h.ObservationDimension}, {(h.Kind == nameof(PolicyKind.Categorical) ? "action count" : "action dimension")} {outputs} and hidden sizes [{string.Join(", ", hidden)}] must all be at least 1.");
        }

        // A squashed Gaussian's network outputs the mean and logσ of every action dimension.
        outputs *= h.Kind == nameof(PolicyKind.SquashedGaussian) ? 2 : 1;
        long count = 0;
        long width = h.ObservationDimension;
        foreach (var size in hidden.Append(0))
        {
            var next = size == 0 ? outputs : size;
            count += (width * next) + next + (size != 0 && h.LayerNorm ? 2L * size : 0);
            width = next;
            if (count > Array.MaxLength)
            {
                break;
            }
        }

        // A Gaussian policy's log-standard deviations follow the network's weights; a greedy-Q policy's behaviour
        // network (same shape) follows its Q network.
        count += h.Kind == nameof(PolicyKind.Gaussian) ? outputs : 0;
        count *= IsGreedyQ(h) && HasBehavior(h) ? 2 : 1;
        if (count != h.ParameterCount)
        {
            throw new InvalidDataException($"the header declares {h.ParameterCount} parameters but its shape needs {(count > Array.MaxLength ? $"more than {Array.MaxLength}" : count)}.");
        }

        if (stream.CanSeek && sizeof(int) + (h.ParameterCount * (long)sizeof(float)) > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"the file ends inside the weights: {h.ParameterCount} parameters need {h.ParameterCount * 4L} bytes but {Math.Max(0, stream.Length - stream.Position - 4)} follow.");
        }
    }

    private static Policy Create(PolicyHeader h, int maxBatch, out float[] parameters)
    {
        if (!Enum.TryParse<PolicyKind>(h.Kind, out var kind) || !Enum.TryParse<Activation>(h.HiddenActivation, out var activation))
        {
            throw new InvalidDataException($"unknown policy kind '{h.Kind}' or activation '{h.HiddenActivation}'.");
        }

        var network = new PolicyNetworkOptions
        {
            HiddenSizes = h.HiddenSizes ?? [],
            HiddenActivation = activation,
            LayerNorm = h.LayerNorm,
            DropoutRate = h.DropoutRate,
        };
        var preprocessing = new PolicyPreprocessing(h.ObservationMean, h.ObservationStd, h.ActionLow, h.ActionHigh);
        var options = h.HeadOptions ?? [];
        if (IsGreedyQ(h))
        {
            if (kind != PolicyKind.Categorical)
            {
                throw new InvalidDataException($"a greedy-Q policy has discrete actions; the header says {h.Kind}.");
            }

            var count = Mlp.CountParameters(network.ToMlp(h.ObservationDimension, h.ActionCount, Activation.None));
            parameters = new float[HasBehavior(h) ? 2 * count : count];
            return new GreedyQPolicy(
                h.ObservationDimension, h.ActionCount, network, preprocessing, new float[count], HasBehavior(h) ? new float[count] : null,
                options.GetValueOrDefault(BehaviorThresholdOption), maxBatch);
        }

        MlpHead head = kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(h.ObservationDimension, h.ActionCount, network, preprocessing, maxBatch),
            PolicyKind.Gaussian => new GaussianHead(
                h.ObservationDimension,
                h.ActionDimension,
                network,
                preprocessing,
                maxBatch,
                options.GetValueOrDefault("logStdMin", GaussianHead.DefaultLogStdMin),
                options.GetValueOrDefault("logStdMax", GaussianHead.DefaultLogStdMax)),
            PolicyKind.SquashedGaussian => new SquashedGaussianHead(
                h.ObservationDimension,
                h.ActionDimension,
                network,
                preprocessing,
                maxBatch,
                options.GetValueOrDefault("logStdMin", SquashedGaussian.DefaultLogStdMin),
                options.GetValueOrDefault("logStdMax", SquashedGaussian.DefaultLogStdMax)),
            _ => new DeterministicHead(h.ObservationDimension, h.ActionDimension, network, preprocessing, maxBatch, chunkLength: ChunkLength(h)),
        };
        parameters = new float[head.Parameters.Length];
        return head;
    }

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    private static void ReverseFloats(Span<byte> bytes)
    {
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            bytes.Slice(i, 4).Reverse();
        }
    }

    private sealed class PolicyHeader
    {
        public string Format { get; set; } = "OfflineRl.MLNet policy";

        public string LibraryVersion { get; set; } = "";

        public string Kind { get; set; } = "";

        public int ObservationDimension { get; set; }

        public int ActionDimension { get; set; }

        public int ActionCount { get; set; }

        public int[]? HiddenSizes { get; set; }

        public string HiddenActivation { get; set; } = "";

        public bool LayerNorm { get; set; }

        public float DropoutRate { get; set; }

        public Dictionary<string, float>? HeadOptions { get; set; }

        public float[]? ObservationMean { get; set; }

        public float[]? ObservationStd { get; set; }

        public float[]? ActionLow { get; set; }

        public float[]? ActionHigh { get; set; }

        public int ParameterCount { get; set; }
    }
}
