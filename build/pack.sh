#!/usr/bin/env bash
# Packs the four libraries (OfflineRl.MLNet, .Environments, .Serving, .Charts, with symbols) and the offlinerl .NET tool
# into artifacts/packages. Nothing outside the repository changes. PACK_NO_BUILD=1 packs what the last Release build made
# (the tests set it, so that packing does not rebuild beside processes running from the build output).
# Use them from another project:  dotnet add package OfflineRl.MLNet --version <v> --source <repo>/artifacts/packages
# Install the tool:               dotnet tool install --global offlinerl --version <v> --add-source <repo>/artifacts/packages
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f artifacts/packages/OfflineRl.MLNet*.nupkg artifacts/packages/OfflineRl.MLNet*.snupkg artifacts/packages/offlinerl.*.nupkg artifacts/packages/offlinerl.*.snupkg
for project in OfflineRl.MLNet OfflineRl.MLNet.Environments OfflineRl.MLNet.Serving OfflineRl.MLNet.Charts OfflineRl.Cli; do
  dotnet pack "src/$project" -c Release -o artifacts/packages --nologo -v quiet -warnaserror ${PACK_NO_BUILD:+--no-build}
done
ls artifacts/packages
