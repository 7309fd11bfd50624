#!/usr/bin/env bash
# Sourced by the demo and test scripts: start ipdocs-sim on free loopback ports and stop it
# when the calling script exits. Sets SIM_API and SIM_TRANSIT.
#   sim_start [extra ipdocs-sim arguments...]
sim_start() {
  local ready
  ready="$(mktemp)"
  rm -f "$ready"
  # --all-targets: the same feature set as `cargo test --workspace` (dev-dependencies unify
  # features), so after the native tests nothing is rebuilt.
  cargo build -q -p ipdocs-sim --all-targets
  ./target/debug/ipdocs-sim --ready-file "$ready" "$@" >/dev/null &
  SIM_PID=$!
  SIM_PIDS="${SIM_PIDS:-} $SIM_PID"
  trap 'kill $SIM_PIDS 2>/dev/null || true; if declare -F pg_stop >/dev/null; then pg_stop; fi' EXIT
  for _ in $(seq 1 200); do
    [ -s "$ready" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { echo "ipdocs-sim exited during start-up" >&2; return 1; }
    sleep 0.05
  done
  [ -s "$ready" ] || { echo "ipdocs-sim did not become ready" >&2; return 1; }
  SIM_API="$(sed -E 's/.*"api":"([^"]+)".*/\1/' "$ready")"
  SIM_TRANSIT="$(sed -E 's/.*"transit":"([^"]+)".*/\1/' "$ready")"
  rm -f "$ready"
  export SIM_API SIM_TRANSIT
}
