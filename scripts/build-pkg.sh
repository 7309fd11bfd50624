#!/usr/bin/env bash
# Builds the npm package into pkg/: one release wasm per service (`--features claims`,
# `--features das`), each through wasm-bindgen (ES module for browsers and bundlers) and
# wasm-opt -Oz (binaryen 132 from node_modules/, never Debian's); the `ipdocs` entry that
# imports both (npm/ipdocs.js, .d.ts), package.json and README.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# Nothing to do when the last build is newer than everything it is made from.
if [ -f pkg/package.json ] && [ -z "$(find src core npm Cargo.toml Cargo.lock scripts/build-pkg.sh \
     scripts/narrow-dts.mjs scripts/package-json.mjs -newer pkg/package.json -print -quit)" ]; then
  echo "pkg: up to date"
  exit 0
fi
rm -rf pkg && mkdir -p pkg
# CLAIMS at the release profile (its list parser is the hot path), DAS at release-size.
for build in claims:release das:release-size; do
  service=${build%%:*} profile=${build#*:}
  cargo build -q -p ipdocs --target wasm32-unknown-unknown --profile "$profile" \
    --no-default-features --features "$service"
  wasm-bindgen --target web --out-dir pkg --out-name "$service" \
    "target/wasm32-unknown-unknown/$profile/ipdocs.wasm"
  # Features are read from the module's target_features section (so the release profile must not strip).
  wasm-opt -Oz "pkg/${service}_bg.wasm" -o "pkg/${service}_bg.wasm"
  node scripts/narrow-dts.mjs "pkg/$service.d.ts"
  rm "pkg/${service}_bg.wasm.d.ts"
  echo "pkg/${service}_bg.wasm: $(wc -c < "pkg/${service}_bg.wasm") bytes, $(gzip -9c "pkg/${service}_bg.wasm" | wc -c) gzip"
done
cp npm/ipdocs.js npm/ipdocs.d.ts pkg/
node scripts/package-json.mjs > pkg/package.json
cp npm/README.md pkg/README.md
