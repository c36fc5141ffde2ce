#!/usr/bin/env bash
# Installs everything leotwin needs from Debian 12 packages (and, for the web page, npm packages
# pinned in web/package-lock.json). Idempotent: packages already present are not fetched again.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates ccache
  clang libclang-rt-14-dev libomp-dev
  libs2-dev libabsl-dev libsodium-dev libsqlite3-dev sqlite3 libcli11-dev libfmt-dev
  nlohmann-json3-dev libtomlplusplus-dev libcpp-httplib-dev zlib1g-dev libssl-dev libpugixml-dev
  libgtest-dev libgmock-dev libbenchmark-dev libgeos-dev
  python3 python3-dev python3-sgp4 python3-skyfield python3-numpy
  pybind11-dev python3-pytest python3-matplotlib
  nodejs npm chromium wrk
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodejs may come from elsewhere on some machines; a working node >= 18 is enough.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
