#!/usr/bin/env bash
# Builds the web app into dist/: `trunk build --release` (wasm-bindgen 0.2.130, wasm-opt from
# node_modules — never Debian's binaryen), then Trunk's inline start-up script is moved into
# a file so the strict CSP needs no 'unsafe-inline'. dist/ is plain static files.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build index.html --release --quiet
node scripts/externalise-start.mjs dist
wasm=$(ls dist/*_bg.wasm)
echo "dist/: $(wc -c < "$wasm") bytes wasm, $(gzip -9c "$wasm" | wc -c) gzip"
