#!/usr/bin/env bash
# What the README's "Use it from your own project" says, done as a user would: pack, then a new console app that adds
# the local folder as a source beside nuget.org, references OfflineRl.MLNet and .Environments, trains BC on generated
# CartPole data and evaluates it; then the offlinerl tool installed from the same folder inspects a dataset. NuGet's
# package folder is a fresh one under <work>, so the user's cache is neither read nor changed.
# Usage: bash build/pack-check.sh <work folder>     (prints "mean return <x>" and the tool's inspect table)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)
bash "$root/build/pack.sh" >/dev/null
version=$(sed -nE 's:.*<Version>([^<]+)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)
# Every package says its licence (an SPDX expression NuGet shows).
for package in "$root"/artifacts/packages/*.nupkg; do
  unzip -p "$package" '*.nuspec' | grep -q '<license type="expression">MIT</license>' || { echo "$package: no MIT licence in its nuspec" >&2; exit 1; }
done
export NUGET_PACKAGES=$work/nuget-packages DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$work/app" "$work/tool" && mkdir -p "$work/app" && cd "$work/app"
dotnet new console -n FirstApp -o . >/dev/null
dotnet new nugetconfig >/dev/null
dotnet nuget add source "$root/artifacts/packages" -n offlinerl --configfile nuget.config >/dev/null
dotnet add package OfflineRl.MLNet --version "$version" >/dev/null
dotnet add package OfflineRl.MLNet.Environments --version "$version" >/dev/null
cat > Program.cs <<'CS'
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

var data = EpisodeDatasets.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, steps: 3_000, seed: 0);
var policy = new MLContext(seed: 0).OfflineRL().Trainers.BehaviorCloning(steps: 500, batchSize: 128).Fit(data).Policy;
var result = PolicyEvaluator.Evaluate(PolicyActors.From(policy), EnvironmentCatalog.CartPole, episodes: 5);
Console.WriteLine(FormattableString.Invariant($"mean return {result.MeanReturn}"));
CS
dotnet run -c Release
dotnet tool install offlinerl --version "$version" --tool-path "$work/tool" --add-source "$root/artifacts/packages" >/dev/null
"$work/tool/offlinerl" inspect "$root/../shared/data/expert_cartpole.npz" --json
