#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen (ES module for browsers and
# bundlers), wasm-opt -Oz (binaryen 132 from node_modules/, never Debian's), package.json + README.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
cargo build -q -p ipdocs --target wasm32-unknown-unknown --release
rm -rf pkg && mkdir -p pkg
wasm-bindgen --target web --out-dir pkg --out-name ipdocs \
  target/wasm32-unknown-unknown/release/ipdocs.wasm
# Features are read from the module's target_features section (so the release profile must not strip).
wasm-opt -Oz pkg/ipdocs_bg.wasm -o pkg/ipdocs_bg.wasm
node scripts/narrow-dts.mjs pkg/ipdocs.d.ts
rm pkg/ipdocs_bg.wasm.d.ts
node scripts/package-json.mjs > pkg/package.json
cp npm/README.md pkg/README.md
echo "pkg/: $(wc -c < pkg/ipdocs_bg.wasm) bytes wasm, $(gzip -9c pkg/ipdocs_bg.wasm | wc -c) gzip"
