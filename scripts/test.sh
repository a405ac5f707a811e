#!/usr/bin/env bash
# Runs every test: installs what the tests need (the build's packages plus PostgreSQL's server, curl,
# Chromium and its driver), builds, and runs the Swift test suite: unit tests, real sockets, real TLS
# handshakes, a real PostgreSQL, a real headless browser, fuzz-regression replays.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh $(cat scripts/build-packages.txt scripts/test-packages.txt)
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
