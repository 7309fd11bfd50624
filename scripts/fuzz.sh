#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (nightly; cargo-fuzz is installed by scripts/setup.sh).
#   scripts/fuzz.sh                 every target for 10 minutes
#   scripts/fuzz.sh 5               every target for 5 seconds (the test command's smoke run)
#   scripts/fuzz.sh 600 tiff keys   the named targets only
# Each target starts from its committed seeds (fuzz/seeds/TARGET) and grows a working corpus
# in fuzz/corpus/TARGET (not committed). A crash stops the run with the input saved under
# fuzz/artifacts/TARGET; the summary line per target goes to fuzz/results.txt.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

cargo +nightly fuzz build -O
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -dict=edge.dict -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || { tail -40 "$log" >&2; echo "fuzz: $target crashed" >&2; exit 1; }
  runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")"
  echo "$(date -u +%FT%TZ) $target ${seconds}s runs=${runs:-?} crashes=0" | tee -a results.txt
  rm -f "$log"
done
