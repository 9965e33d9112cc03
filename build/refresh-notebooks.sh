#!/usr/bin/env bash
# Re-runs the notebooks in notebooks/ with the test-side notebook runner (tests/OfflineRl.MLNet.Tests/Notebooks) and
# writes the fresh outputs into the .ipynb files, like `jupyter nbconvert --execute --inplace`.
# Usage: bash build/refresh-notebooks.sh            (all notebooks)
#        bash build/refresh-notebooks.sh Stitching  (tests whose name contains the word)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build OfflineRl.MLNet.sln -c Release --nologo -v quiet -warnaserror
OFFLINERL_UPDATE_NOTEBOOKS=1 dotnet test tests/OfflineRl.MLNet.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Notebooks.NotebookTests${1:+&FullyQualifiedName~$1}"
