#!/usr/bin/env bash
# Benchmarks: services, Release build, the demo seed (1,000,000 orders; a no-op when present), then
# bench/Erp.Bench, which rewrites its section of docs/benchmarks.md.
#   bash scripts/bench.sh          the list benchmark (keyset vs OFFSET)
#   bash scripts/bench.sh cache    the cache benchmark (what scripts/bench-cache.sh runs)
#   bash scripts/bench.sh virtual  the browser benchmark of the virtualized lists (Chromium, its own 24,000 orders)
#   ERP_BENCH_ITERATIONS=50 bash scripts/bench.sh    fewer runs for a quick look
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ERP_ROOT"
mode="${1:-lists}"

bash scripts/services.sh
if [ "$mode" = virtual ]; then
  # The browser benchmark seeds its own scratch database (tests/Erp.E2E/VirtualListBenchmark.cs).
  log "Building (Release) and running the virtualized-list benchmark in Chromium"
  dotnet build tests/Erp.E2E -c Release -v quiet -nologo
  dotnet test tests/Erp.E2E -c Release --no-build --filter "Category=Benchmark" --logger "console;verbosity=minimal"
  cat artifacts/virtual-bench.md
  exit 0
fi
export ASPNETCORE_ENVIRONMENT=Development
log "Building (Release)"
dotnet build src/Erp.Web -c Release -v quiet -nologo
dotnet build bench/Erp.Bench -c Release -v quiet -nologo
log "Seeding ${ERP_SEED_ORDERS:-1000000} orders into ${ERP_DB_NAME} if not present"
(cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")
log "Running the $mode benchmark"
if [ "$mode" = cache ]; then
  dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT" cache
else
  dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT"
fi
