#!/usr/bin/env bash
# Cache benchmark: services, Release build, the demo seed (1,000,000 orders; a no-op when present),
# then bench/Erp.Bench in cache mode, which rewrites the "Cache" section of docs/benchmarks.md.
# The bench starts its own redis-server on a free port (the drill stops it), never the shared one.
#   ERP_SEED_ORDERS=20000 ERP_DB_NAME=erp_bench_small ERP_BENCH_SECONDS=3 ERP_BENCH_WARMUP_SECONDS=2 \
#   ERP_BENCH_DRILL_SECONDS=10 bash scripts/bench-cache.sh      a quick look on a small seed
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ERP_ROOT"

bash scripts/services.sh
export ASPNETCORE_ENVIRONMENT=Development
log "Building (Release)"
dotnet build src/Erp.Web -c Release -v quiet -nologo
dotnet build bench/Erp.Bench -c Release -v quiet -nologo
log "Seeding ${ERP_SEED_ORDERS:-1000000} orders into ${ERP_DB_NAME} if not present"
(cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")
log "Running the cache benchmark"
dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT" cache
