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
#
# The size build, as for the npm package (scripts/build-pkg.sh): when the nightly toolchain
# and its rust-src are installed (the test command's setup adds them), the standard library
# is rebuilt for size (`optimize_for_size`: its smaller sort and formatting code), with
# `panic = "immediate-abort"` and `-Zlocation-detail=none` (a panic traps without its
# message; the app shows errors, it never panics on them). Environment variables only: the
# stable toolchain builds the same app, larger (`--stable`, and the demo's machine, which has
# no nightly). The test command builds the office's build with the stable toolchain and
# tests it, so both keep working.
# `--office`: an office's own build, without the simulator's demo helpers, into dist-office/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
dist=dist
features=()
toolchain=size
while [ $# -gt 0 ]; do
  case "$1" in
    --office) dist=dist-office; features=(--no-default-features) ;;
    --stable) toolchain=stable ;;
    *) echo "usage: build-app.sh [--office] [--stable]" >&2; exit 2 ;;
  esac
  shift
done
source scripts/size-toolchain.sh
[ "$toolchain" = stable ] || toolchain="$(size_or_stable "$dist")"
# Nothing to do when the last build of this kind is newer than everything it is made from.
built="target/$dist.toolchain"
if [ -f "$dist/index.html" ] && [ "$(cat "$built" 2>/dev/null)" = "$toolchain" ] \
   && [ -z "$(find www src core index.html Cargo.toml Cargo.lock \
     scripts/build-app.sh scripts/size-toolchain.sh scripts/assemble-app.mjs scripts/precompress.mjs -newer "$dist/index.html" -print -quit)" ]; then
  echo "$dist: up to date ($toolchain build)"
  exit 0
fi
# Its own target directories: the relocation flag (and the size build's flags) would
# otherwise rebuild what the package and lint builds share with the app.
target=target/app
rustflags="-Clink-args=--emit-relocs"
size_build=()
if [ "$toolchain" = size ]; then
  target=target/app-size
  rustflags="$rustflags -Zlocation-detail=none"
  size_build=("${size_build_env[@]}" CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size)
fi
work="$target/assemble/$dist"
rm -rf "$work" && mkdir -p "$work/app" "$work/decoder"

"${size_build[@]}" env RUSTFLAGS="$rustflags" cargo build -q -p ipdocs-www --target wasm32-unknown-unknown \
  --profile release-size --target-dir "$target" "${features[@]}"
wasm-split-cli --target web --out-name ipdocs-www \
  "$target/wasm32-unknown-unknown/release-size/ipdocs-www.wasm" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-dir "$work/app" \
  --out-name ipdocs-www "$work/split/ipdocs-www.wasm"
cp "$work/split/__wasm_split.js" "$work/split"/*.wasm "$work/app/"
rm "$work/app/ipdocs-www.wasm"

# The decoder is built by the stable toolchain for speed (`release`), whichever build this is.
cargo build -q -p ipdocs-decoder --target wasm32-unknown-unknown --release --target-dir target/app
wasm-bindgen --target no-modules --no-typescript --out-dir "$work/decoder" --out-name ipdocs-decoder \
  target/app/wasm32-unknown-unknown/release/ipdocs_decoder.wasm

# Two at a time (2 cores; 57 modules). (binaryen 132 does not know the name section's field
# names that rustc writes: said once per module, harmless, not shown.)
optimise() { wasm-opt -Oz "$1" -o "$1" 2> >(grep -v 'unknown name subsection' >&2); }
export -f optimise
printf '%s\n' "$work"/app/*.wasm "$work"/decoder/*.wasm | xargs -P 2 -I{} bash -c 'optimise "$1"' _ {}
node scripts/assemble-app.mjs "$work" "$dist"
node scripts/precompress.mjs "$dist"
echo "$toolchain" > "$built"
first="$(ls "$dist"/ipdocs-www-*_bg.wasm)"
echo "$first (the first module, $toolchain build): $(wc -c < "$first") bytes, $(gzip -9c "$first" | wc -c) gzip"
