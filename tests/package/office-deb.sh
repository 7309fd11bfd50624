#!/usr/bin/env bash
# The Debian package as an operator meets it: installed with dpkg -i, its files where the
# deployment guide says, the service user and staff token made, the unit valid, and
# `ipdocs-office --check-config` passing as the service user on the shipped config (with the
# client id filled in). Purged afterwards. Needs root (as the test command runs here).
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "package test: $*" >&2; exit 1; }

deb=$(ls -t target/debian/ipdocs-office_*.deb | head -1)
dpkg -i "$deb" >/dev/null
trap 'dpkg --purge ipdocs-office >/dev/null 2>&1 || true' EXIT

for path in /usr/bin/ipdocs-office /etc/ipdocs-office/config.toml /etc/ipdocs-office/staff-token \
            /usr/share/ipdocs-office/app/index.html /usr/share/doc/ipdocs-office/deployment.md \
            /lib/systemd/system/ipdocs-office.service; do
  [ -e "$path" ] || fail "$path is missing"
done
ls /usr/share/ipdocs-office/app/*.wasm >/dev/null || fail "the app's wasm is missing"
getent passwd ipdocs-office >/dev/null || fail "no service user"
[ "$(stat -c %a:%G /etc/ipdocs-office/staff-token)" = "640:ipdocs-office" ] || fail "the staff token is not private to the service"
[ "$(stat -c %U /var/lib/ipdocs-office)" = "ipdocs-office" ] || fail "the state directory is not the service's"
[ "$(wc -c < /etc/ipdocs-office/staff-token)" -eq 64 ] || fail "the staff token is not 32 random bytes in hex"
dpkg-query -W -f='${Conffiles}' ipdocs-office | grep -q /etc/ipdocs-office/config.toml || fail "config.toml is not a conffile"

# The unit's syntax and hardening options are understood by this systemd (an unknown key is
# only a warning, so any output fails).
if command -v systemd-analyze >/dev/null; then
  analysis=$(systemd-analyze verify /lib/systemd/system/ipdocs-office.service 2>&1) || fail "systemd-analyze: $analysis"
  [ -z "$analysis" ] || fail "systemd-analyze: $analysis"
fi

# The shipped config as an operator finishes it, checked as the service itself runs.
config=$(mktemp)
sed 's/^audience = .*/audience = "office-test-client"/' /etc/ipdocs-office/config.toml > "$config"
chmod 644 "$config"
out=$(runuser -u ipdocs-office -- /usr/bin/ipdocs-office --config "$config" --check-config)
echo "$out" | grep -q "the configuration is valid" || fail "check-config: $out"
# A misspelt key is refused by name.
echo 'jwks-uri = "x"' >> "$config"
if runuser -u ipdocs-office -- /usr/bin/ipdocs-office --config "$config" --check-config 2>"$config.err"; then
  fail "a misspelt setting was accepted"
fi
grep -q 'unknown setting "jwks-uri"' "$config.err" || fail "$(cat "$config.err")"
rm -f "$config" "$config.err"
echo "package test: ok ($deb)"
