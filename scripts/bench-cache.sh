#!/usr/bin/env bash
# Cache benchmark: the demo seed, then cache on/off at 64 connections, the bare-Kestrel yardstick and
# the Redis drill (the bench starts its own redis-server on a free port and stops it, never the shared one);
# rewrites the "Cache" section of docs/benchmarks.md.
#   ERP_SEED_ORDERS=20000 ERP_DB_NAME=erp_bench_small ERP_BENCH_SECONDS=3 ERP_BENCH_WARMUP_SECONDS=2 \
#   ERP_BENCH_DRILL_SECONDS=10 bash scripts/bench-cache.sh      a quick look on a small seed
exec bash "$(dirname "$0")/bench.sh" cache
