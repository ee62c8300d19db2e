#!/usr/bin/env bash
# Installs the external tools the tests drive (a real browser, the Argdown CLI, axe-core).
# Idempotent; each step reports and moves on if its registry cannot be reached, and the
# tests that need the tool then skip with a visible reason.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/tools
for step in tests/tools/*.sh; do
  [ -e "$step" ] || continue
  echo "setup-tools: $step"
  bash "$step" || echo "setup-tools: $step failed; the tests that need it will skip and say why"
done
exit 0
