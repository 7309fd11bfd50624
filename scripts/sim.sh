#!/usr/bin/env bash
# Sourced by the test, bench and screenshot scripts: start ipdocs-sim on free loopback ports
# and stop it when the calling script exits. Sets SIM_API and SIM_TRANSIT.
#   sim_start [extra ipdocs-sim arguments...]
# SIM_BUILD is how the simulator is built first: on its own by default. The test command sets
# it to its workspace build, which already made target/debug/ipdocs-sim: built alone, the
# simulator's dependencies unify their features differently (14 crates, and all that depend
# on them, were compiled a second time on a fresh clone; `cargo --unit-graph` shows which).
sim_start() {
  local ready
  ready="$(mktemp)"
  rm -f "$ready"
  ${SIM_BUILD:-cargo build -q -p ipdocs-sim}
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
