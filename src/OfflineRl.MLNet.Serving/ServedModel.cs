using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// One loaded, validated model and the number of holders: the host holds one reference while the model is current,
/// every request one more while it scores. The last <see cref="Release"/> disposes the ONNX Runtime session, so a
/// request that started on a model finishes on it even if a new model was swapped in meanwhile.
/// </summary>
internal sealed class ServedModel
{
    private int _references = 1;

    private ServedModel(OnnxPolicy policy, long version, string fileName, byte[] contentHash)
    {
        Policy = policy;
        Version = version;
        FileName = fileName;
        ContentHash = contentHash;
        MetadataJson = BuildMetadata(policy, version, fileName);
    }

    public OnnxPolicy Policy { get; }

    public long Version { get; }

    /// <summary>The model file's name without its folder: what clients may see.</summary>
    public string FileName { get; }

    public byte[] ContentHash { get; }

    /// <summary>The <c>/metadata</c> answer, built once.</summary>
    public byte[] MetadataJson { get; }

    /// <summary>Takes a reference unless the model is already released (a swap raced with this request); then the caller reads the current model again.</summary>
    public bool TryAcquire()
    {
        int seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            int previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Policy.Dispose();
        }
    }

    /// <summary>
    /// Loads <paramref name="bytes"/> and checks it against the ONNX contract (docs/onnx.md) and against the model it would
    /// replace, then scores a test row. Throws <see cref="InvalidDataException"/> with the reason.
    /// </summary>
    public static ServedModel Create(byte[] bytes, string fileName, byte[] contentHash, long version, ServedModel? previous)
    {
        OnnxPolicy policy;
        try
        {
            policy = OnnxPolicy.Load(bytes);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException(ex.Message.Replace(OnnxPolicy.InMemorySource, fileName, StringComparison.Ordinal), ex);
        }

        try
        {
            Validate(policy, previous);
            return new ServedModel(policy, version, fileName, contentHash);
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    private static void Validate(OnnxPolicy policy, ServedModel? previous)
    {
        NodeMetadata input = policy.Session.InputMetadata.Values.First();
        string inputName = policy.Session.InputNames[0];
        if (inputName != OnnxPolicy.ObservationInputName)
        {
            throw new InvalidDataException($"its input is named '{inputName}'; the contract names it '{OnnxPolicy.ObservationInputName}'.");
        }

        if (input.Dimensions[0] >= 0)
        {
            throw new InvalidDataException($"its input has a fixed batch size of {input.Dimensions[0]}; the contract needs a symbolic batch dimension.");
        }

        if (previous is not null)
        {
            OnnxPolicy old = previous.Policy;
            if (policy.ObservationSize != old.ObservationSize || policy.IsDiscrete != old.IsDiscrete || policy.ActionSize != old.ActionSize || policy.ChunkLength != old.ChunkLength)
            {
                throw new InvalidDataException(
                    $"it takes {policy.ObservationSize} observation values and gives {Kind(policy)}, but the serving model takes {old.ObservationSize} and gives {Kind(old)}; clients would break.");
            }
        }

        // Score a row through both paths the server uses (single observation and batch): a graph that loads but fails
        // or answers NaN at run time must not replace a working model.
        var row = new float[policy.ObservationSize];
        var action = new float[policy.ActionSize];
        float[] batch;
        try
        {
            policy.Act(row, action);
            batch = policy.Act(new float[2 * policy.ObservationSize], 2);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"scoring a test row failed in ONNX Runtime: {ex.Message}", ex);
        }

        if (!action.All(float.IsFinite) || !batch.All(float.IsFinite))
        {
            throw new InvalidDataException("scoring a test row of zeros gave a non-finite action.");
        }
    }

    private static string Kind(OnnxPolicy policy) => policy.IsDiscrete ? "a discrete action"
        : policy.ChunkLength > 1 ? $"chunks of {policy.ChunkLength} actions of {policy.ActionSize / policy.ChunkLength} continuous values"
        : $"{policy.ActionSize} continuous action values";

    private static byte[] BuildMetadata(OnnxPolicy policy, long version, string fileName)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            IReadOnlyDictionary<string, string> meta = policy.Metadata;
            string Get(string key) => meta.TryGetValue(key, out string? v) ? v : "";
            json.WriteStartObject();
            json.WriteString("model", fileName);
            json.WriteNumber("modelVersion", version);
            WriteTensors(json, "inputs", policy.Inputs);
            WriteTensors(json, "outputs", policy.Outputs);
            json.WriteBoolean("discrete", policy.IsDiscrete);
            json.WriteNumber("observationSize", policy.ObservationSize);
            json.WriteNumber("actionSize", policy.ActionSize);
            json.WriteNumber("chunkLength", policy.ChunkLength);
            json.WriteString("algorithm", HostPaths.Hide(Get(OnnxExportNames.AlgorithmKey)));
            json.WriteString("kind", HostPaths.Hide(Get(OnnxExportNames.KindKey)));
            json.WriteString("libraryVersion", HostPaths.Hide(Get(OnnxExportNames.LibraryVersionKey)));
            json.WriteString("dataHash", HostPaths.Hide(Get(OnnxExportNames.DataHashKey)));
            json.WritePropertyName("options");
            WriteOptions(json, Get(OnnxExportNames.OptionsKey));
            json.WriteStartObject("metadata");
            foreach (KeyValuePair<string, string> pair in meta.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // The trainer options are shown parsed (and with paths hidden) under "options"; here each property as text.
                json.WriteString(pair.Key, pair.Key == OnnxExportNames.OptionsKey ? HostPaths.HideInJson(pair.Value) : HostPaths.Hide(pair.Value));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptions(Utf8JsonWriter json, string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text.Length > 0 ? text : "{}");
            HostPaths.WriteHidden(json, document.RootElement);
        }
        catch (JsonException)
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
    }

    private static void WriteTensors(Utf8JsonWriter json, string name, IReadOnlyList<OnnxTensorInfo> tensors)
    {
        json.WriteStartArray(name);
        foreach (var tensor in tensors)
        {
            json.WriteStartObject();
            json.WriteString("name", tensor.Name);
            json.WriteString("type", tensor.ElementType);
            json.WriteString("shape", tensor.Shape);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
