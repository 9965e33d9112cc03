using System.CommandLine;
using Microsoft.ML;
using OfflineRl.MLNet;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl convert &lt;in&gt; &lt;out&gt; [mapping]</c>: any format the loaders read to .npz, .hdf5 (D4RL layout), .parquet or .csv.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "A dataset in any format `inspect` reads (.npz, .hdf5, a Minari folder, .parquet, .json/.jsonl, .csv)." };
        var output = new Argument<string>("output") { Description = "Output .npz or .hdf5 (D4RL layout), .parquet or .csv (one row per step)." };
        var data = new DataOptions();
        var command = new Command("convert", "Convert a dataset between formats: NPZ, HDF5, Minari, Parquet, JSON lines, CSV in; NPZ, HDF5, Parquet, CSV out.")
        {
            input, output,
        };
        data.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var options = data.Read(parse);
            var mapping = data.ReadMapping(parse);
            var rl = new MLContext().OfflineRL();
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            var dataset = rl.Data.Load(inPath, options, mapping);
            switch (Path.GetExtension(outPath).ToUpperInvariant())
            {
                case ".CSV": rl.Data.SaveAsCsv(dataset, outPath); break;
                case ".NPZ": rl.Data.SaveAsNpz(dataset, outPath); break;
                case ".HDF5" or ".H5": rl.Data.SaveAsHdf5(dataset, outPath); break;
                case ".PARQUET": rl.Data.SaveAsParquet(dataset, outPath); break;
                default: throw new ArgumentException($"{outPath}: the output must end in .npz, .hdf5 (D4RL layout), .parquet or .csv.");
            }

            context.Output.WriteLine($"Wrote {outPath}: {dataset.EpisodeCount} episodes, {dataset.Count} steps, observation {dataset.ObservationDimension}, actions {dataset.ActionSpace}.");
            foreach (var note in dataset.Notes)
            {
                context.Output.WriteLine($"note: {note}");
            }

            return 0;
        }));
        return command;
    }
}
