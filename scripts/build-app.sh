#!/usr/bin/env bash
# Builds the web app into dist/, plain static files:
#  1. the app (www/) for wasm32 at the release-size profile, linked with its relocations kept;
#  2. wasm-split-cli cuts it at the split points of www/src/lazy_pages.rs: the first module,
#     one chunk per page loaded on first visit, chunks of code pages share, and the JS loader;
#  3. wasm-bindgen (0.2.130, keeping the exports the chunks link against) makes the first
#     module's JS glue; the TIFF decoder (www/decoder) is built for its worker;
#  4. wasm-opt -Oz (binaryen 132 from node_modules/, never Debian's) on every module;
#  5. scripts/assemble-app.mjs names the files by content hash and writes index.html and the
#     start-up script (a file: the strict CSP has no 'unsafe-inline');
#  6. gzip and brotli copies for the servers to send as they are.
# Trunk built the app before; it cannot split one (trunk-rs/trunk#1022).
# `--office`: an office's own build, without the simulator's demo helpers, into dist-office/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
dist=dist
features=()
if [ "${1:-}" = "--office" ]; then
  dist=dist-office
  features=(--no-default-features)
fi
# Nothing to do when the last build is newer than everything it is made from.
if [ -f "$dist/index.html" ] && [ -z "$(find www src core index.html Cargo.toml Cargo.lock \
     scripts/build-app.sh scripts/assemble-app.mjs scripts/precompress.mjs -newer "$dist/index.html" -print -quit)" ]; then
  echo "$dist: up to date"
  exit 0
fi
# Its own target directory: the relocation flag would otherwise rebuild what the package and
# lint builds share with the app.
target=target/app
work="$target/assemble/$dist"
rm -rf "$work" && mkdir -p "$work/app" "$work/decoder"

RUSTFLAGS="-Clink-args=--emit-relocs" cargo build -q -p ipdocs-www --target wasm32-unknown-unknown \
  --profile release-size --target-dir "$target" "${features[@]}"
wasm-split-cli --target web --out-name ipdocs-www \
  "$target/wasm32-unknown-unknown/release-size/ipdocs-www.wasm" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-dir "$work/app" \
  --out-name ipdocs-www "$work/split/ipdocs-www.wasm"
cp "$work/split/__wasm_split.js" "$work/split"/*.wasm "$work/app/"
rm "$work/app/ipdocs-www.wasm"

cargo build -q -p ipdocs-decoder --target wasm32-unknown-unknown --release --target-dir "$target"
wasm-bindgen --target no-modules --no-typescript --out-dir "$work/decoder" --out-name ipdocs-decoder \
  "$target/wasm32-unknown-unknown/release/ipdocs_decoder.wasm"

# Two at a time (2 cores; 57 modules). (binaryen 132 does not know the name section's field
# names that rustc writes: said once per module, harmless, not shown.)
optimise() { wasm-opt -Oz "$1" -o "$1" 2> >(grep -v 'unknown name subsection' >&2); }
export -f optimise
printf '%s\n' "$work"/app/*.wasm "$work"/decoder/*.wasm | xargs -P 2 -I{} bash -c 'optimise "$1"' _ {}
node scripts/assemble-app.mjs "$work" "$dist"
node scripts/precompress.mjs "$dist"
first="$(ls "$dist"/ipdocs-www-*_bg.wasm)"
echo "$first (the first module): $(wc -c < "$first") bytes, $(gzip -9c "$first" | wc -c) gzip"
