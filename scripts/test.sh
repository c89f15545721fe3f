#!/usr/bin/env bash
# The test command: everything the tests need, then the whole workspace's
# tests (unit, integration, the gold-set floor).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace

# The HTTP API against its own OpenAPI document: schemathesis (PyPI),
# installed into a venv under target/ when missing, skipped with the
# reason when Python cannot install it.
scripts/schemathesis.sh

# Browser tests of `armswatch serve` (ui-tests/): Debian's headless
# Chromium driven by playwright-core. Installed here when missing and we
# can (root with apt-get, as on CI); otherwise skipped with the reason.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "browser tests skipped: chromium is not installed (apt-get install -y chromium)"
elif ! command -v npm >/dev/null 2>&1; then
  echo "browser tests skipped: node/npm is not installed"
else
  echo "== browser tests (ui-tests/, screenshots in target/screenshots/)"
  cargo build --quiet --bin armswatch
  (cd ui-tests && npm ci --no-audit --no-fund --loglevel=error && node --test)
fi
