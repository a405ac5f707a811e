#!/usr/bin/env bash
# PrinterCare static-file benchmark (not a test): `make bench` runs this from the repo root.
#  1. installs wrk and nginx with apt-get when missing;
#  2. builds the comparison servers (Benchmarks/Servers, release, into Benchmarks/.build; incremental);
#  3. builds our server (release, --scratch-path .build-release) unless BENCH_OURS=skip or BENCH_OURS_BIN=path;
#  4. runs Benchmarks/bench.py, which starts all servers on 127.0.0.1 and runs wrk interleaved.
# Knobs: BENCH_* environment variables (see Benchmarks/README.md); extra arguments go to bench.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    pkgs=()
    for m in "${missing[@]}"; do
        if [ "$m" = nginx ]; then
            # nginx-light where the distribution still has it (Debian 12), else nginx.
            if apt-cache show nginx-light >/dev/null 2>&1; then pkgs+=(nginx-light); else pkgs+=(nginx); fi
        else
            pkgs+=("$m")
        fi
    done
    as_root apt-get install -y --no-install-recommends "${pkgs[@]}"
fi
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "bench: building comparison servers (release; first build takes several minutes)"
    "$SWIFT" build -c release --package-path Benchmarks/Servers --scratch-path Benchmarks/.build
fi
SERVERS_BIN=$("$SWIFT" build -c release --package-path Benchmarks/Servers --scratch-path Benchmarks/.build --show-bin-path)
export BENCH_NIO_BIN=${BENCH_NIO_BIN:-$SERVERS_BIN/nio-static}
export BENCH_HB_BIN=${BENCH_HB_BIN:-$SERVERS_BIN/hb-static}

if [ "${BENCH_OURS:-}" = skip ]; then
    echo "bench: BENCH_OURS=skip: our server is left out of this run"
elif [ -n "${BENCH_OURS_BIN:-}" ]; then
    echo "bench: our server: $BENCH_OURS_BIN (BENCH_OURS_BIN)"
else
    echo "bench: building printercare (release, scratch path .build-release)"
    if ! "$SWIFT" build -c release --product printercare --scratch-path "$ROOT/.build-release"; then
        echo "bench: ERROR: printercare does not build in release. Fix the build, or run without it:" >&2
        echo "bench:        BENCH_OURS=skip make bench" >&2
        exit 1
    fi
    export BENCH_OURS_BIN="$("$SWIFT" build -c release --scratch-path "$ROOT/.build-release" --show-bin-path)/printercare"
fi

exec python3 Benchmarks/bench.py "$@"
