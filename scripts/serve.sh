#!/usr/bin/env bash
# Sets up and starts the PrinterCare server on a fresh machine:
#   installs the system libraries it builds against, builds in release mode, and runs
#   `printercare serve` with any arguments given (defaults: HTTP 8080, HTTPS 8443, gateway 8444, ./var).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh $(cat scripts/build-packages.txt)
command -v swift >/dev/null || { echo "swift is not on PATH (expected the Swift 6 toolchain, e.g. /opt/swift/usr/bin)" >&2; exit 1; }
swift build -c release --product printercare
exec .build/release/printercare serve "$@"
