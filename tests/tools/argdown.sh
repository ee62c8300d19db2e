#!/usr/bin/env bash
# Installs the Argdown CLI (@argdown/cli, pinned in package.json) into tests/tools/node_modules.
# The Argdown export tests run it and skip, saying why, when it is not installed.
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/argdown ]; then
  echo "argdown: already installed ($(node_modules/.bin/argdown --version 2>/dev/null || echo '?'))"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "argdown: npm not found; install Node.js 20 to run the Argdown export checks" >&2
  exit 1
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
echo "argdown: installed $(node_modules/.bin/argdown --version 2>/dev/null || echo '')"
