#!/usr/bin/env bash
# Builds the Vite example the way a JS developer would use the package: `npm pack` of pkg/,
# the tarball installed into the example, `vite build`. Needs pkg/ (scripts/build-pkg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd pkg && npm pack --silent --pack-destination ../target >/dev/null)
cd examples/vite
if [ ! -d node_modules/vite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the registry reachable here serves only the rollup binary of
  # this platform, and `npm ci` rejects a lock file without the other platforms' optional entries.
  npm install --no-audit --no-fund --loglevel=error
fi
npm install --no-save --no-audit --no-fund --loglevel=error ../../target/ipdocs-0.1.0.tgz
npx vite build --logLevel warn --base=/examples/vite/dist/
