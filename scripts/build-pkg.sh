#!/usr/bin/env bash
# Builds the npm package into pkg/ (or `--out DIR`): one release wasm per service
# (`--features claims`, `das`, `das-batch`), each through wasm-bindgen (ES module for browsers
# and bundlers) and wasm-opt -Oz (binaryen 132 from node_modules/, never Debian's); the
# `ipdocs` entry that imports both (npm/ipdocs.js, .d.ts), package.json and README.
#
# The size build (what is published, and what the test command tests and the bench measures):
# when the nightly toolchain and its rust-src are installed (the test command's setup adds
# them), the standard library is rebuilt with `panic = "immediate-abort"` and
# `-Zlocation-detail=none`: a panic then traps without its message and location, which the
# library never shows anyway (bad input is a typed error, never a panic). These settings are
# environment variables, never Cargo.toml entries, so stable builds are untouched. Each
# step's gain is in docs/js-api.md ("Weight"). `--stable` (and any machine without nightly: the
# demo's) builds with the stable toolchain instead; the test command builds and tests both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=pkg
toolchain=size
while [ $# -gt 0 ]; do
  case "$1" in
    --stable) toolchain=stable ;;
    --out) out="$2"; shift ;;
    *) echo "usage: build-pkg.sh [--stable] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
source scripts/size-toolchain.sh
[ "$toolchain" = stable ] || toolchain="$(size_or_stable "pkg")"
# Nothing to do when the last build of this kind is newer than everything it is made from.
if [ -f "$out/package.json" ] && [ "$(cat "$out/.toolchain" 2>/dev/null)" = "$toolchain" ] \
   && [ -z "$(find src core npm Cargo.toml Cargo.lock scripts/build-pkg.sh scripts/size-toolchain.sh \
     scripts/narrow-dts.mjs scripts/package-json.mjs -newer "$out/package.json" -print -quit)" ]; then
  echo "$out: up to date ($toolchain build)"
  exit 0
fi
rm -rf "$out" && mkdir -p "$out"
target_dir=target
size_build=()
if [ "$toolchain" = size ]; then
  # Its own target directory: these flags would otherwise rebuild the stable artefacts.
  target_dir=target/size
  size_build=("${size_build_env[@]}" RUSTFLAGS=-Zlocation-detail=none)
fi
# CLAIMS at the release profile (its list parser is the hot path), DAS at release-size;
# `das-batch` is DAS with CSV batches (`ipdocs/das-batch`), kept out of `ipdocs/das`.
for build in claims:release das:release-size das-batch:release-size; do
  service=${build%%:*} profile=${build#*:}
  "${size_build[@]}" cargo build -q -p ipdocs --target wasm32-unknown-unknown --profile "$profile" \
    --no-default-features --features "$service" --target-dir "$target_dir"
  wasm-bindgen --target web --out-dir "$out" --out-name "$service" \
    "$target_dir/wasm32-unknown-unknown/$profile/ipdocs.wasm"
  # Features are read from the module's target_features section (so the release profile must not strip).
  # `--low-memory-unused`: Rust's stack occupies the first MiB, so no data lives below 1 KiB
  # and binaryen may fold constant offsets into loads and stores (−0.6 KiB of `ipdocs/das`).
  wasm-opt -Oz --low-memory-unused "$out/${service}_bg.wasm" -o "$out/${service}_bg.wasm"
  node scripts/narrow-dts.mjs "$out/$service.d.ts"
  rm "$out/${service}_bg.wasm.d.ts"
  echo "$out/${service}_bg.wasm ($toolchain build): $(wc -c < "$out/${service}_bg.wasm") bytes, $(gzip -9c "$out/${service}_bg.wasm" | wc -c) gzip"
done
cp npm/ipdocs.js npm/ipdocs.d.ts "$out/"
node scripts/package-json.mjs > "$out/package.json"
cp npm/README.md "$out/README.md"
echo "$toolchain" > "$out/.toolchain"
