using System.Net;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.Samples.ServingOverHttp;

/// <summary>What the serving sample saw: the model, where it was served, and the actions from HTTP and from ONNX Runtime.</summary>
/// <param name="ModelPath">The exported .onnx file.</param>
/// <param name="Address">The address the server listened on.</param>
/// <param name="Algorithm">The algorithm named by <c>GET /metadata</c>.</param>
/// <param name="WithoutKeyStatus">What <c>POST /act</c> answered a request without the API key (401).</param>
/// <param name="ServedActions">Actions <c>POST /act</c> returned for the probe observations.</param>
/// <param name="OnnxActions">Actions <see cref="OnnxPolicy"/> returned for the same observations in this process.</param>
/// <param name="HttpEpisodeReturn">Return of one CartPole episode steered by <c>POST /act</c>, one request per step.</param>
/// <param name="InProcessEpisodeReturn">Return of the same episode (same seed) steered by the trained C# policy.</param>
public sealed record ServingResult(
    string ModelPath,
    string Address,
    string Algorithm,
    HttpStatusCode WithoutKeyStatus,
    IReadOnlyList<long> ServedActions,
    IReadOnlyList<long> OnnxActions,
    double HttpEpisodeReturn,
    double InProcessEpisodeReturn);
