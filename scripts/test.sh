#!/usr/bin/env bash
# The test command: everything the tests need, then the whole workspace's
# tests (unit, integration, the gold-set floor).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
