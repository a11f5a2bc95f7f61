#!/usr/bin/env bash
# Checks that sim/ builds inside an ns-3 source tree as contrib/wsd (ns-3's build_lib and
# build_lib_example) against Debian 12's ns-3.37 source package, and that its example runs there.
# Slow (it compiles ns-3's core, network, internet and point-to-point modules): not part of CTest.
# Usage: scripts/check-contrib-build.sh [WORK_FOLDER]   (default: a new folder under /tmp)
# Needs network access to a Debian mirror; adds a deb-src entry for bookworm when there is none.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/wsdsim-contrib-check.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
jobs=${JOBS:-$(nproc)}

# apt-get source needs a deb-src entry.
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "check-contrib-build: adding a deb-src entry for bookworm (/etc/apt/sources.list.d/wsdsim-deb-src.sources)"
    cat >/etc/apt/sources.list.d/wsdsim-deb-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt-get update -qq
fi

# Debian's ns3 source package holds ns-3.37 in ns-3.37/ beside bake and netanim.
if [[ ! -d "$work/src/ns-3.37" ]]; then
    (cd "$work" && apt-get source --download-only -qq ns3=3.37-2 && dpkg-source -x ns3_3.37-2.dsc src)
fi
ns3=$work/src/ns-3.37

# The module as an ns-3 user would drop it in: sim/ as contrib/wsd, the call vocabulary beside it.
rm -rf "$ns3/contrib/wsd"
cp -r "$repo/sim" "$ns3/contrib/wsd"
cp -r "$repo/vocabulary" "$ns3/contrib/wsd/vocabulary"

# Only the module and what it depends on; its example on; ns-3's own tests off.
cmake -S "$ns3" -B "$ns3/cmake-cache" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DNS3_ENABLED_MODULES=wsd -DNS3_EXAMPLES=ON -DNS3_TESTS=OFF -DNS3_PYTHON_BINDINGS=OFF
cmake --build "$ns3/cmake-cache" -j "$jobs"

example=$(find "$ns3/build/contrib/wsd/examples" -type f -name '*wsd-graceful-shutdown*' -perm -u+x | head -n 1)
if [[ -z "$example" ]]; then
    echo "check-contrib-build: FAILED: the example wsd-graceful-shutdown was not built" >&2
    exit 1
fi
"$example" | tee "$work/example-output.txt"
if ! grep -q "closesocket" "$work/example-output.txt"; then
    echo "check-contrib-build: FAILED: the example's timeline names no closesocket" >&2
    exit 1
fi
echo "check-contrib-build: OK: contrib/wsd built in ns-3.37 ($ns3) and its example ran ($example)"
