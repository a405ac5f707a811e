#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds, and runs the Swift test suite (unit tests,
# real sockets, real TLS handshakes, fuzz-regression replays).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh $(cat scripts/build-packages.txt)
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
