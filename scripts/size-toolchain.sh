# Sourced by build-pkg.sh and build-app.sh. `size_or_stable WHAT` answers `size` when the
# nightly toolchain and its rust-src are installed (the size build: the standard library
# rebuilt for size), otherwise says so on stderr and answers `stable`.
size_or_stable() {
  if rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
    echo size
  else
    echo "$1: nightly with rust-src is not installed: building with the stable toolchain (larger wasm)" >&2
    echo stable
  fi
}

# The size build's settings, as a command prefix: environment variables only, so the stable
# builds are untouched. Nightly rebuilds std; a panic traps without its message.
size_build_env=(env RUSTUP_TOOLCHAIN=nightly CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true CARGO_PROFILE_RELEASE_PANIC=immediate-abort
  CARGO_PROFILE_RELEASE_SIZE_PANIC=immediate-abort)
