using System.Diagnostics;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

/// <summary>The binding reads mjModel and mjData by offset; this compiles offsetof against the installed headers
/// (build/test.sh installs libmujoco-dev and a C compiler) so a layout change cannot go unnoticed.</summary>
public sealed class MujocoLayoutTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <mujoco/mujoco.h>
        int main(void) {
          printf("version %d\n", mj_version());
          printf("vfs_size %zu\nvfs_filedata %zu\n", sizeof(mjVFS), offsetof(mjVFS, filedata));
          printf("nq %zu\nnv %zu\nnu %zu\nnbody %zu\n", offsetof(mjModel, nq), offsetof(mjModel, nv), offsetof(mjModel, nu), offsetof(mjModel, nbody));
          printf("timestep %zu\n", offsetof(mjModel, opt) + offsetof(mjOption, timestep));
          printf("warning %zu\ntime %zu\nqpos %zu\nqvel %zu\nctrl %zu\nxpos %zu\n", offsetof(mjData, warning), offsetof(mjData, time),
                 offsetof(mjData, qpos), offsetof(mjData, qvel), offsetof(mjData, ctrl), offsetof(mjData, xpos));
          printf("warning_size %zu\nbadqacc %d\n", sizeof(mjWarningStat), (int)mjWARN_BADQACC);
          return 0;
        }
        """;

    [Fact]
    public void Every_offset_the_binding_reads_matches_the_installed_headers()
    {
        var dir = Directory.CreateTempSubdirectory("mujoco-layout-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "layout.c"), Program);
            Run("cc", $"layout.c -o layout -lmujoco", dir.FullName);
            var values = Run(Path.Combine(dir.FullName, "layout"), "", dir.FullName)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(parts => parts[0], parts => int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(MujocoNative.SupportedVersion, values["version"]);
            Assert.Equal(MujocoNative.VfsSize, values["vfs_size"]);
            Assert.Equal(MujocoNative.VfsFileDataOffset, values["vfs_filedata"]);
            Assert.Equal(MujocoNative.ModelNq, values["nq"]);
            Assert.Equal(MujocoNative.ModelNv, values["nv"]);
            Assert.Equal(MujocoNative.ModelNu, values["nu"]);
            Assert.Equal(MujocoNative.ModelNbody, values["nbody"]);
            Assert.Equal(MujocoNative.ModelTimestep, values["timestep"]);
            Assert.Equal(MujocoNative.DataWarning, values["warning"]);
            Assert.Equal(MujocoNative.DataTime, values["time"]);
            Assert.Equal(MujocoNative.DataQpos, values["qpos"]);
            Assert.Equal(MujocoNative.DataQvel, values["qvel"]);
            Assert.Equal(MujocoNative.DataCtrl, values["ctrl"]);
            Assert.Equal(MujocoNative.DataXpos, values["xpos"]);
            Assert.Equal(8, values["warning_size"]);
            Assert.Equal(MujocoNative.WarningBadQacc, values["badqacc"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_model_reads_its_sizes_and_time_step_and_the_simulation_its_body_positions()
    {
        var model = MujocoModel.FromXml(LocomotionModels.Walker2d);
        Assert.Equal((9, 9, 6, 8, 0.002), (model.Positions, model.Velocities, model.Controls, model.Bodies, model.Timestep));
        using var simulation = new MujocoSimulation(model);
        simulation.Reset(simulation.ReferencePositions(), new double[9]);
        // World body at the origin; the torso at its model position (0, 0, 1.25) in the reference pose.
        Assert.Equal(new[] { 0.0, 0, 0, 0, 0, 1.25 }, simulation.BodyPositions[..6].ToArray());
        Assert.Equal(0.0, simulation.Time);
        simulation.Step(10);
        Assert.Equal(0.02, simulation.Time, 1e-12);
    }

    private static string Run(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed: {error}");
        return output;
    }
}
