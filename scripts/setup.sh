#!/usr/bin/env bash
# Installs the Debian packages wsdsim builds and tests with; does nothing when all are present.
set -euo pipefail

packages=(
  cmake g++ make pkg-config clang-format
  libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev
  nlohmann-json3-dev catch2 libcli11-dev python3 python3-jsonschema
  hyperfine libpcap-dev libarchive-dev dpkg-dev file iproute2
  chromium fonts-dejavu-core
  g++-mingw-w64-x86-64-posix wine64
  clang-16 libclang-rt-16-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
