# PrinterCare developer tasks. `make` alone lists them; add new targets below.
# Variables given on the command line (make bench BENCH_DURATION=10) reach the scripts' environment.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help bench bench-servers bench-db

help:
	@echo "Targets:"
	@echo "  make bench          static-file benchmark: printercare vs nginx, raw SwiftNIO, Hummingbird 2"
	@echo "                      (wrk, interleaved; knobs BENCH_*: see Benchmarks/README.md)"
	@echo "  make bench-servers  build only the benchmark's comparison servers (release)"
	@echo "  make bench-db       database-backed requests vs static files and pgbench (wrk)"
	@echo "  make bench-snmp     agent SNMP bytes on the wire and time vs PRODUCT.md seed figures and snmpbulkwalk"
	@echo "  make bench-link     agent <-> gateway bytes per task, ingest rate vs COPY, idle agents"
	@echo "  make bench-web      device list and device page with 10,000 devices (Benchmarks/web/README.md)"

# ---- Benchmarks (Benchmarks/README.md) -------------------------------------------------------
bench:
	Benchmarks/run.sh

bench-servers:
	swift build -c release --package-path Benchmarks/Servers --scratch-path Benchmarks/.build

bench-db:
	Benchmarks/db.sh

# ---- SNMP traffic and speed (Benchmarks/snmp/README.md) -----------------------------------------
.PHONY: bench-snmp
bench-snmp:
	Benchmarks/snmp/run.sh

# ---- Agent link: bytes per task, ingest rate, idle agents (Benchmarks/link/README.md) ----------
.PHONY: bench-link
bench-link:
	Benchmarks/link/run.sh

# ---- Web pages with 10,000 devices (Benchmarks/web/README.md) --------------------------------
.PHONY: bench-web
bench-web:
	Benchmarks/web/run.sh
