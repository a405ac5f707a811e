#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each one for N seconds (default 60), one after the other.
#
#   Fuzz/run.sh [seconds]
#
# Corpora grow in Fuzz/corpus-work/<name>/ (git-ignored), starting from Fuzz/seeds/<name>/.
# Crashes land in Fuzz/corpus-work/crashes-<name>/; each one is minimized with -minimize_crash=1
# into Tests/HTTPServerTests/Fixtures/fuzz-crashes/<name>/, which FuzzRegressionTests replays.
# Exits non-zero if any fuzzer found a crash.
set -euo pipefail

seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../Tests/HTTPServerTests/Fixtures/fuzz-crashes"
dict="$here/dictionaries/http.dict"
# Swift's runtime backtracer and ASan fight over a crashing process: ASan then reports a bogus
# stack-buffer-underflow in the crash handler instead of our trap, and crash minimization stalls.
export SWIFT_BACKTRACE=enable=no

# -parse-as-library: libFuzzer's driver, not Swift top-level code, is the program (see README.md).
swift build -c release --package-path "$here" --scratch-path "$here/.build" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$here/.build/release"

status=0
for pair in parser:FuzzRequestParser chunked:FuzzChunkedDecoder; do
    name="${pair%%:*}"
    fuzzer="$bin/${pair##*:}"
    corpus="$here/corpus-work/$name"
    crashes="$here/corpus-work/crashes-$name"
    mkdir -p "$corpus" "$crashes" "$fixtures/$name"

    echo "== $name: ${seconds}s"
    # The first corpus directory receives new inputs; the seeds directory is only read.
    if ! "$fuzzer" -max_total_time="$seconds" -use_value_profile=1 -dict="$dict" -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$here/seeds/$name"; then
        status=1
    fi

    for crash in "$crashes"/crash-* "$crashes"/timeout-* "$crashes"/oom-*; do
        [ -e "$crash" ] || continue
        minimized="$fixtures/$name/$(basename "$crash")"
        [ -e "$minimized" ] && continue
        echo "== minimizing $(basename "$crash") into $minimized"
        "$fuzzer" -minimize_crash=1 -runs=20000 -exact_artifact_path="$minimized" "$crash" || true
        [ -e "$minimized" ] || cp "$crash" "$minimized"
        status=1
    done
done
exit "$status"
