#!/usr/bin/env bash
# Installs what the browser tests drive: Debian's Chromium (no browser is ever downloaded by
# Playwright) and axe-core from npm into tests/tools/browser/node_modules (never committed).
set -uo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      || echo "browser.sh: could not install chromium; the e2e tests will skip"
  else
    echo "browser.sh: /usr/bin/chromium missing and not root; the e2e tests will skip"
  fi
fi
if [ ! -f browser/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null; then
    (cd browser && npm install --no-audit --no-fund --silent) \
      || echo "browser.sh: npm install failed; the accessibility test will skip"
  else
    echo "browser.sh: npm missing; the accessibility test will skip"
  fi
fi
exit 0
