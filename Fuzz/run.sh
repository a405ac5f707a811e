#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each one for N seconds (default 60), one after the other.
#
#   Fuzz/run.sh [seconds] [name...]     names: parser chunked snmp (default: all)
#
# Corpora grow in Fuzz/corpus-work/<name>/ (git-ignored), starting from Fuzz/seeds/<name>/.
# Crashes land in Fuzz/corpus-work/crashes-<name>/; each one is minimized with -minimize_crash=1
# into Tests/<suite>/Fixtures/fuzz-crashes/<name>/, which the suite's regression test replays
# (HTTPServerTests for parser and chunked, SNMPTests for snmp).
# Exits non-zero if any fuzzer found a crash.
set -euo pipefail

seconds="${1:-60}"
shift || true
wanted="${*:-parser chunked snmp}"
here="$(cd "$(dirname "$0")" && pwd)"
# Swift's runtime backtracer and ASan fight over a crashing process: ASan then reports a bogus
# stack-buffer-underflow in the crash handler instead of our trap, and crash minimization stalls.
export SWIFT_BACKTRACE=enable=no

# -parse-as-library: libFuzzer's driver, not Swift top-level code, is the program (see README.md).
swift build -c release --package-path "$here" --scratch-path "$here/.build" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$here/.build/release"

status=0
# name:executable:dictionary:test suite holding the regression fixtures
for entry in parser:FuzzRequestParser:http:HTTPServerTests chunked:FuzzChunkedDecoder:http:HTTPServerTests \
             snmp:FuzzSNMPDecoder:snmp:SNMPTests; do
    IFS=: read -r name executable dictname suite <<<"$entry"
    case " $wanted " in *" $name "*) ;; *) continue ;; esac
    fuzzer="$bin/$executable"
    dict="$here/dictionaries/$dictname.dict"
    fixtures="$here/../Tests/$suite/Fixtures/fuzz-crashes"
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
