using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>One output of <c>OrtRun.Run</c>, copied out of ONNX Runtime.</summary>
internal sealed class OrtOutput
{
    public required string Name { get; init; }

    public required TensorElementType ElementType { get; init; }

    public required long[] Shape { get; init; }

    public float[] Floats { get; init; } = [];

    public long[] Int64s { get; init; } = [];
}

/// <summary>Raw runs of any graph in ONNX Runtime (Microsoft.ML.OnnxRuntime), for tests that check graphs that are not policies.</summary>
internal static class OrtRun
{
    public static OrtValue Float(float[] data, params long[] shape) => OrtValue.CreateTensorValueFromMemory(data, shape);

    public static OrtValue Int64(long[] data, params long[] shape) => OrtValue.CreateTensorValueFromMemory(data, shape);

    /// <summary>Runs <paramref name="session"/> on the named inputs (disposed afterwards); no output names means all outputs, in model order.</summary>
    public static IReadOnlyList<OrtOutput> Run(InferenceSession session, IReadOnlyDictionary<string, OrtValue> inputs, params string[] outputNames)
    {
        try
        {
            string[] names = outputNames.Length > 0 ? outputNames : [.. session.OutputNames];
            using var options = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> values = session.Run(options, inputs, names);
            return names.Zip(values, (name, value) =>
            {
                OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
                return new OrtOutput
                {
                    Name = name,
                    ElementType = info.ElementDataType,
                    Shape = info.Shape,
                    Floats = info.ElementDataType == TensorElementType.Float ? value.GetTensorDataAsSpan<float>().ToArray() : [],
                    Int64s = info.ElementDataType == TensorElementType.Int64 ? value.GetTensorDataAsSpan<long>().ToArray() : [],
                };
            }).ToList();
        }
        finally
        {
            foreach (OrtValue input in inputs.Values)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>Runs a one-input graph.</summary>
    public static IReadOnlyList<OrtOutput> Run(InferenceSession session, string input, float[] data, long[] shape, params string[] outputNames) =>
        Run(session, new Dictionary<string, OrtValue> { [input] = Float(data, shape) }, outputNames);
}
