#!/usr/bin/env bash
# Installs the official ONNX Runtime native library (CPU, linux-x64) into <repo>/tools/onnxruntime.
# The library comes from the npm package onnxruntime-node, whose tarball ships libonnxruntime.so.1;
# ONNXRUNTIME_NODE_INSTALL=skip stops its post-install step from downloading CUDA/TensorRT extras.
# Idempotent: when the pinned version is already present it prints one line and exits.
set -euo pipefail

ORT_VERSION="${ORT_VERSION:-1.30.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${repo_root}/tools/onnxruntime"
lib_rel="node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"
stamp="${dest}/VERSION"

if [[ -f "${dest}/${lib_rel}" && -f "${stamp}" && "$(cat "${stamp}")" == "${ORT_VERSION}" ]]; then
  echo "onnxruntime ${ORT_VERSION} present: ${dest}/${lib_rel}"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is required to install ONNX Runtime (apt-get install -y npm)" >&2
  exit 1
fi

mkdir -p "${dest}"
echo "installing onnxruntime-node@${ORT_VERSION} into ${dest} ..."
(
  cd "${dest}"
  [[ -f package.json ]] || echo '{ "name": "offlinerl-onnxruntime", "private": true }' > package.json
  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error \
    --save-exact "onnxruntime-node@${ORT_VERSION}" >/dev/null
)

if [[ ! -f "${dest}/${lib_rel}" ]]; then
  echo "error: ${dest}/${lib_rel} was not installed" >&2
  exit 1
fi
echo "${ORT_VERSION}" > "${stamp}"
echo "onnxruntime ${ORT_VERSION} installed: ${dest}/${lib_rel}"
