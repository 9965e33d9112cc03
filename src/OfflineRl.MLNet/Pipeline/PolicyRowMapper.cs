using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>Maps a row to the policy's columns: input columns pass through, the policy runs once per row when its columns are read.</summary>
internal sealed class PolicyRowMapper : IRowToRowMapper
{
    private readonly PolicyTransformer _policy;
    private readonly int _inputCount;

    public PolicyRowMapper(PolicyTransformer policy, DataViewSchema input, DataViewSchema output)
    {
        _policy = policy;
        InputSchema = input;
        OutputSchema = output;
        _inputCount = input.Count;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = dependingColumns.Where(c => c.Index < _inputCount).Select(c => InputSchema[c.Index]).ToList();
        if (dependingColumns.Any(c => c.Index >= _inputCount))
        {
            needed.Add(InputSchema[_policy.ObservationColumnName]);
        }

        return needed.DistinctBy(c => c.Index);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => new Row(this, input);

    /// <summary>The output row; the policy's result is cached per input position.</summary>
    internal sealed class Row : DataViewRow
    {
        private readonly PolicyRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly ValueGetter<VBuffer<float>> _observation;
        private readonly float[] _observationValues;
        private readonly long[] _action = new long[1];
        private readonly float[] _continuous;
        private readonly float[] _probabilities;
        private VBuffer<float> _observationBuffer;
        private long _computedAt = -1;

        public Row(PolicyRowMapper mapper, DataViewRow input)
        {
            _mapper = mapper;
            _input = input;
            var policy = mapper._policy.Policy;
            _observation = input.GetGetter<VBuffer<float>>(mapper.InputSchema[mapper._policy.ObservationColumnName]);
            _observationValues = new float[policy.ObservationDimension];
            _continuous = new float[policy.ActionDimension];
            _probabilities = new float[mapper._policy.ProbabilitiesType is null ? 0 : policy.ActionCount];
        }

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= _mapper._inputCount || _input.IsColumnActive(_mapper.InputSchema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _mapper._inputCount)
            {
                return _input.GetGetter<TValue>(_mapper.InputSchema[column.Index]);
            }

            Delegate getter = column.Name switch
            {
                OnnxExportNames.ActionProbabilities => Vector(_probabilities),
                _ when _mapper._policy.ProbabilitiesType is not null => (ValueGetter<VBuffer<long>>)((ref VBuffer<long> value) =>
                {
                    Compute();
                    var editor = VBufferEditor.Create(ref value, 1);
                    editor.Values[0] = _action[0];
                    value = editor.Commit();
                }),
                _ => Vector(_continuous),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private ValueGetter<VBuffer<float>> Vector(float[] values) => (ref VBuffer<float> value) =>
        {
            Compute();
            var editor = VBufferEditor.Create(ref value, values.Length);
            values.CopyTo(editor.Values);
            value = editor.Commit();
        };

        private void Compute()
        {
            var position = _input.Position;
            if (position == _computedAt)
            {
                return;
            }

            _observation(ref _observationBuffer);
            _observationBuffer.CopyTo(_observationValues);
            _mapper._policy.Act(_observationValues, _action, _continuous, _probabilities);
            _computedAt = position;
        }
    }
}
