using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// An ONNX model loaded into ONNX Runtime (through its C API): lists inputs and outputs with types and shapes,
/// exposes the model metadata, and runs float32/int64 tensors. Thread-safe for concurrent <see cref="Run"/> calls;
/// dispose to release the native session.
/// </summary>
public sealed unsafe class OnnxModelSession : IDisposable
{
    private const int GraphOptimizationDisableAll = 0;
    private const int GraphOptimizationEnableAll = 99;
    private const int OnnxTypeTensor = 1;

    private readonly OrtRuntime _runtime;
    private readonly OrtSafeHandle _session;
    private readonly byte[][] _pinnedNames;
    private readonly nint[] _inputNamePointers;
    private readonly nint[] _outputNamePointers;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private int _disposed;

    private OnnxModelSession(OrtRuntime runtime, OrtSafeHandle session, string source, string? modelPath)
    {
        _runtime = runtime;
        _session = session;
        Source = source;
        ModelPath = modelPath;
        try
        {
            Inputs = ReadValueInfos(isInput: true);
            Outputs = ReadValueInfos(isInput: false);
            _inputIndex = Index(Inputs);
            _outputIndex = Index(Outputs);
            // Names passed to Run live on the pinned object heap: stable addresses, freed by the GC with the session.
            _pinnedNames = Inputs.Concat(Outputs).Select(v => PinnedUtf8(v.Name)).ToArray();
            _inputNamePointers = _pinnedNames.Take(Inputs.Count).Select(AddressOf).ToArray();
            _outputNamePointers = _pinnedNames.Skip(Inputs.Count).Select(AddressOf).ToArray();
            (ProducerName, GraphName, Description, Metadata) = ReadMetadata();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model file's full path, or null when loaded from bytes.</summary>
    public string? ModelPath { get; }

    /// <summary>The model file path, or "(in-memory model)"; used in messages.</summary>
    public string Source { get; }

    /// <summary>The graph inputs, in model order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The graph outputs, in model order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The model's <c>producer_name</c>.</summary>
    public string ProducerName { get; }

    /// <summary>The graph name.</summary>
    public string GraphName { get; }

    /// <summary>The model's doc string.</summary>
    public string Description { get; }

    /// <summary>The model's metadata properties (<c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The ONNX Runtime version running this session.</summary>
    public string RuntimeVersion => _runtime.Version;

    /// <summary>Where the ONNX Runtime library was loaded from.</summary>
    public string RuntimeLibrary => _runtime.LibraryDescription;

    /// <summary>Loads a model file.</summary>
    /// <param name="path">Path of the .onnx file.</param>
    /// <param name="options">Runtime and session options, or null for the defaults.</param>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime rejects the file (its message is included), e.g. a truncated or corrupt model.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">When the runtime library cannot be found; the message says how to install it.</exception>
    public static OnnxModelSession Open(string path, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: '{fullPath}'.", fullPath);
        }

        options ??= new OnnxSessionOptions();
        OrtRuntime runtime = OnnxRuntimeLibrary.Get(options.LibraryPath);
        OrtApi api = runtime.Api;
        using OrtSafeHandle sessionOptions = CreateSessionOptions(runtime, options);
        nint session;
        string context = $"loading model '{fullPath}'";
        if (OperatingSystem.IsWindows())
        {
            fixed (char* widePath = fullPath)
            {
                api.Check(api.CreateSession(runtime.Env, widePath, sessionOptions.DangerousGetHandle(), &session), context);
            }
        }
        else
        {
            fixed (byte* utf8Path = Utf8(fullPath))
            {
                api.Check(api.CreateSession(runtime.Env, utf8Path, sessionOptions.DangerousGetHandle(), &session), context);
            }
        }

        return new OnnxModelSession(runtime, new OrtSafeHandle(session, api.ReleaseSession), fullPath, fullPath);
    }

    /// <summary>Loads a model from its serialized bytes.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="options">Runtime and session options, or null for the defaults.</param>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime rejects the bytes (its message is included).</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">When the runtime library cannot be found; the message says how to install it.</exception>
    public static OnnxModelSession FromBytes(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model bytes are empty.", nameof(model));
        }

        options ??= new OnnxSessionOptions();
        OrtRuntime runtime = OnnxRuntimeLibrary.Get(options.LibraryPath);
        OrtApi api = runtime.Api;
        using OrtSafeHandle sessionOptions = CreateSessionOptions(runtime, options);
        nint session;
        fixed (byte* data = model)
        {
            api.Check(
                api.CreateSessionFromArray(runtime.Env, data, (nuint)model.Length, sessionOptions.DangerousGetHandle(), &session),
                $"loading an in-memory model ({model.Length} bytes)");
        }

        return new OnnxModelSession(runtime, new OrtSafeHandle(session, api.ReleaseSession), "(in-memory model)", null);
    }

    /// <summary>The input description with this name, or null.</summary>
    public OnnxTensorInfo? FindInput(string name) => _inputIndex.TryGetValue(name, out int i) ? Inputs[i] : null;

    /// <summary>The output description with this name, or null.</summary>
    public OnnxTensorInfo? FindOutput(string name) => _outputIndex.TryGetValue(name, out int i) ? Outputs[i] : null;

    /// <summary>
    /// Runs the model. Every model input must be given once, with the declared element type, rank and fixed
    /// dimensions (symbolic dimensions such as the batch take any size).
    /// </summary>
    /// <param name="inputs">The input tensors (float32 or int64).</param>
    /// <param name="outputNames">Outputs to compute, or null for all, in model order.</param>
    /// <returns>The outputs in the order requested.</returns>
    /// <exception cref="ArgumentException">When an input is missing, unknown, or has the wrong type or shape; or an output name is unknown.</exception>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime fails (its message is included).</exception>
    /// <exception cref="NotSupportedException">When an output is neither float32 nor int64.</exception>
    /// <exception cref="ObjectDisposedException">When the session was disposed.</exception>
    public IReadOnlyList<OnnxTensor> Run(IReadOnlyList<OnnxTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        int[] inputSlots = ValidateInputs(inputs);
        int[] outputSlots = ResolveOutputs(outputNames);

        OrtApi api = _runtime.Api;
        var inputValues = new nint[inputs.Count];
        var outputValues = new nint[outputSlots.Length];
        var inputNames = new nint[inputs.Count];
        var outputNamesNative = new nint[outputSlots.Length];
        var pins = new GCHandle[inputs.Count];
        bool addedRef = false;
        try
        {
            _session.DangerousAddRef(ref addedRef);
            for (int i = 0; i < inputs.Count; i++)
            {
                OnnxTensor tensor = inputs[i];
                inputNames[i] = _inputNamePointers[inputSlots[i]];
                pins[i] = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
                long[] shape = tensor.Shape.ToArray();
                nuint byteLength = (nuint)(tensor.ElementCount * (tensor.ElementType == OnnxElementType.Float ? sizeof(float) : sizeof(long)));
                nint value;
                fixed (long* shapePointer = shape)
                {
                    api.Check(
                        api.CreateTensorWithDataAsOrtValue(
                            _runtime.CpuMemoryInfo,
                            (void*)pins[i].AddrOfPinnedObject(),
                            byteLength,
                            shapePointer,
                            (nuint)shape.Length,
                            (int)tensor.ElementType,
                            &value),
                        $"creating input tensor {tensor} for '{Source}'");
                }

                inputValues[i] = value;
            }

            for (int i = 0; i < outputSlots.Length; i++)
            {
                outputNamesNative[i] = _outputNamePointers[outputSlots[i]];
            }

            fixed (nint* inNames = inputNames, inValues = inputValues, outNames = outputNamesNative, outValues = outputValues)
            {
                api.Check(
                    api.Run(_session.DangerousGetHandle(), 0, inNames, inValues, (nuint)inputs.Count, outNames, (nuint)outputSlots.Length, outValues),
                    $"running '{Source}'");
            }

            var results = new OnnxTensor[outputSlots.Length];
            for (int i = 0; i < outputSlots.Length; i++)
            {
                results[i] = ReadOutput(Outputs[outputSlots[i]].Name, outputValues[i]);
            }

            return results;
        }
        finally
        {
            foreach (nint value in outputValues)
            {
                if (value != 0)
                {
                    api.ReleaseValue(value);
                }
            }

            foreach (nint value in inputValues)
            {
                if (value != 0)
                {
                    api.ReleaseValue(value);
                }
            }

            foreach (GCHandle pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }

            if (addedRef)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A Run in progress holds a reference on the handle; the native session is released when it ends.
        _session.Dispose();
    }

    /// <summary>"path: inputs → outputs".</summary>
    public override string ToString() =>
        $"{Source}: ({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";

    private static OrtSafeHandle CreateSessionOptions(OrtRuntime runtime, OnnxSessionOptions options)
    {
        if (options.IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IntraOpThreads, "IntraOpThreads must be 0 (runtime default) or more.");
        }

        OrtApi api = runtime.Api;
        nint handle;
        api.Check(api.CreateSessionOptions(&handle), "creating session options");
        var sessionOptions = new OrtSafeHandle(handle, api.ReleaseSessionOptions);
        try
        {
            api.Check(api.SetIntraOpNumThreads(handle, options.IntraOpThreads), "setting the intra-op thread count");
            api.Check(api.SetInterOpNumThreads(handle, 1), "setting the inter-op thread count");
            api.Check(
                api.SetSessionGraphOptimizationLevel(handle, options.OptimizeGraph ? GraphOptimizationEnableAll : GraphOptimizationDisableAll),
                "setting the graph optimization level");
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private int[] ValidateInputs(IReadOnlyList<OnnxTensor> inputs)
    {
        var slots = new int[inputs.Count];
        var seen = new bool[Inputs.Count];
        var errors = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            OnnxTensor tensor = inputs[i] ?? throw new ArgumentException($"inputs[{i}] is null.", nameof(inputs));
            if (!_inputIndex.TryGetValue(tensor.Name, out int slot))
            {
                errors.Add($"'{tensor.Name}' is not an input of the model (inputs: {string.Join(", ", Inputs)})");
                continue;
            }

            if (seen[slot])
            {
                errors.Add($"input '{tensor.Name}' is given more than once");
                continue;
            }

            seen[slot] = true;
            slots[i] = slot;
            OnnxTensorInfo info = Inputs[slot];
            if (tensor.ElementType != info.ElementType)
            {
                errors.Add($"input '{info.Name}' expects {OnnxTensorInfo.TypeName(info.ElementType)}{info.ShapeText()} but got {tensor}");
                continue;
            }

            if (tensor.Shape.Count != info.Rank)
            {
                errors.Add($"input '{info.Name}' expects {info.Rank} dimensions {info.ShapeText()} but got {tensor}");
                continue;
            }

            for (int d = 0; d < info.Rank; d++)
            {
                if (info.Shape[d] >= 0 && info.Shape[d] != tensor.Shape[d])
                {
                    errors.Add($"input '{info.Name}' expects {OnnxTensorInfo.TypeName(info.ElementType)}{info.ShapeText()} but got {tensor}: dimension {d} is {tensor.Shape[d]}, the model expects {info.Shape[d]}");
                    break;
                }
            }
        }

        for (int slot = 0; slot < Inputs.Count; slot++)
        {
            if (!seen[slot] && !errors.Any(e => e.Contains($"'{Inputs[slot].Name}'", StringComparison.Ordinal)))
            {
                errors.Add($"input {Inputs[slot]} is missing");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Cannot run '{Source}': " + string.Join("; ", errors) + ".", nameof(inputs));
        }

        return slots;
    }

    private int[] ResolveOutputs(IReadOnlyList<string>? outputNames)
    {
        if (outputNames is null)
        {
            return Enumerable.Range(0, Outputs.Count).ToArray();
        }

        var slots = new int[outputNames.Count];
        for (int i = 0; i < outputNames.Count; i++)
        {
            if (outputNames[i] is null || !_outputIndex.TryGetValue(outputNames[i], out slots[i]))
            {
                throw new ArgumentException(
                    $"'{outputNames[i]}' is not an output of '{Source}' (outputs: {string.Join(", ", Outputs)}).", nameof(outputNames));
            }
        }

        return slots;
    }

    private OnnxTensor ReadOutput(string name, nint value)
    {
        OrtApi api = _runtime.Api;
        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info), $"reading the type of output '{name}'");
        int elementType;
        long[] shape;
        try
        {
            api.Check(api.GetTensorElementType(info, &elementType), $"reading the element type of output '{name}'");
            nuint rank;
            api.Check(api.GetDimensionsCount(info, &rank), $"reading the rank of output '{name}'");
            shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                api.Check(api.GetDimensions(info, dims, rank), $"reading the shape of output '{name}'");
            }
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        long count = 1;
        foreach (long dimension in shape)
        {
            count = checked(count * dimension);
        }

        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($"Output '{name}' has {count} elements, more than an array can hold.");
        }

        void* data = null;
        if (count > 0)
        {
            api.Check(api.GetTensorMutableData(value, &data), $"reading the data of output '{name}'");
        }

        switch ((OnnxElementType)elementType)
        {
            case OnnxElementType.Float:
                var floats = new float[count];
                new ReadOnlySpan<float>(data, (int)count).CopyTo(floats);
                return OnnxTensor.FromFloat(name, floats, shape);
            case OnnxElementType.Int64:
                var longs = new long[count];
                new ReadOnlySpan<long>(data, (int)count).CopyTo(longs);
                return OnnxTensor.FromInt64(name, longs, shape);
            default:
                throw new NotSupportedException(
                    $"Output '{name}' of '{Source}' is {OnnxTensorInfo.TypeName((OnnxElementType)elementType)}; only float32 and int64 outputs are supported.");
        }
    }

    private OnnxTensorInfo[] ReadValueInfos(bool isInput)
    {
        OrtApi api = _runtime.Api;
        nint session = _session.DangerousGetHandle();
        string kind = isInput ? "input" : "output";
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count), $"counting the {kind}s of '{Source}'");
        var infos = new OnnxTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* namePointer;
            api.Check(
                isInput ? api.SessionGetInputName(session, i, _runtime.Allocator, &namePointer) : api.SessionGetOutputName(session, i, _runtime.Allocator, &namePointer),
                $"reading the name of {kind} {i} of '{Source}'");
            string name = _runtime.TakeAllocatedString(namePointer);
            nint typeInfo;
            api.Check(
                isInput ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo),
                $"reading the type of {kind} '{name}' of '{Source}'");
            try
            {
                infos[(int)i] = DescribeType(name, typeInfo);
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }

        return infos;
    }

    private OnnxTensorInfo DescribeType(string name, nint typeInfo)
    {
        OrtApi api = _runtime.Api;
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), $"reading the kind of '{name}'");
        nint tensorInfo = 0;
        if (onnxType == OnnxTypeTensor)
        {
            api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"reading the tensor type of '{name}'");
        }

        if (tensorInfo == 0)
        {
            return new OnnxTensorInfo(name, OnnxElementType.Undefined, [], [], isTensor: false);
        }

        // tensorInfo belongs to typeInfo: it is not released separately.
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType), $"reading the element type of '{name}'");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), $"reading the rank of '{name}'");
        var shape = new long[(int)rank];
        var symbolic = new nint[(int)rank];
        fixed (long* dims = shape)
        {
            api.Check(api.GetDimensions(tensorInfo, dims, rank), $"reading the shape of '{name}'");
        }

        fixed (nint* names = symbolic)
        {
            api.Check(api.GetSymbolicDimensions(tensorInfo, (byte**)names, rank), $"reading the dimension names of '{name}'");
        }

        var dimensionNames = new string[(int)rank];
        for (int d = 0; d < dimensionNames.Length; d++)
        {
            dimensionNames[d] = symbolic[d] == 0 ? string.Empty : Marshal.PtrToStringUTF8(symbolic[d]) ?? string.Empty;
            if (dimensionNames[d].Length > 0)
            {
                shape[d] = -1;
            }
        }

        return new OnnxTensorInfo(name, (OnnxElementType)elementType, shape, dimensionNames);
    }

    private (string Producer, string Graph, string Description, IReadOnlyDictionary<string, string> Metadata) ReadMetadata()
    {
        OrtApi api = _runtime.Api;
        nint metadata;
        api.Check(api.SessionGetModelMetadata(_session.DangerousGetHandle(), &metadata), $"reading the metadata of '{Source}'");
        try
        {
            nint allocator = _runtime.Allocator;
            byte* text;
            api.Check(api.ModelMetadataGetProducerName(metadata, allocator, &text), "reading the producer name");
            string producer = _runtime.TakeAllocatedString(text);
            api.Check(api.ModelMetadataGetGraphName(metadata, allocator, &text), "reading the graph name");
            string graph = _runtime.TakeAllocatedString(text);
            api.Check(api.ModelMetadataGetDescription(metadata, allocator, &text), "reading the description");
            string description = _runtime.TakeAllocatedString(text);

            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            byte** keys;
            long keyCount;
            api.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata, allocator, &keys, &keyCount), "listing the metadata keys");
            if (keys is not null)
            {
                try
                {
                    for (long k = 0; k < keyCount; k++)
                    {
                        string key = Marshal.PtrToStringUTF8((nint)keys[k]) ?? string.Empty;
                        byte* value;
                        api.Check(api.ModelMetadataLookupCustomMetadataMap(metadata, allocator, keys[k], &value), $"reading metadata '{key}'");
                        properties[key] = _runtime.TakeAllocatedString(value);
                    }
                }
                finally
                {
                    for (long k = 0; k < keyCount; k++)
                    {
                        _runtime.Free(keys[k]);
                    }

                    _runtime.Free(keys);
                }
            }

            return (producer, graph, description, properties);
        }
        finally
        {
            api.ReleaseModelMetadata(metadata);
        }
    }

    private static Dictionary<string, int> Index(IReadOnlyList<OnnxTensorInfo> infos)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < infos.Count; i++)
        {
            index[infos[i].Name] = i;
        }

        return index;
    }

    private static byte[] PinnedUtf8(string text)
    {
        byte[] bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(text) + 1, pinned: true);
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static nint AddressOf(byte[] pinned) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
