#!/usr/bin/env bash
# Benchmarks: services, Release build, the demo seed (1,000,000 orders; a no-op when present), then
# bench/Erp.Bench, which rewrites its section of docs/benchmarks.md.
#   bash scripts/bench.sh          the list benchmark (keyset vs OFFSET)
#   bash scripts/bench.sh cache    the cache benchmark (what scripts/bench-cache.sh runs)
#   bash scripts/bench.sh edge     security headers + rate limiter on vs off (the orders fragment)
#   bash scripts/bench.sh jobs     the jobs benchmark (enqueue cost, drain rate, kill drill; its own throw-away database;
#                                  ERP_BENCH_JOBS=N jobs per drain, default 2000)
#   bash scripts/bench.sh export   the CSV export benchmark (~100K and 1M orders into a file)
#   bash scripts/bench.sh audit    audit triggers on vs off: parallel confirmations and customer edits (own scratch databases, no seed)
#   bash scripts/bench.sh api      the API list benchmark (first vs deep page over /api/v1/orders)
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
if [ "$mode" = jobs ]; then
  log "Running the jobs benchmark"
  exec dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT" jobs
fi
if [ "$mode" != audit ]; then
  log "Seeding ${ERP_SEED_ORDERS:-1000000} orders into ${ERP_DB_NAME} if not present"
  (cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")
fi
log "Running the $mode benchmark"
if [ "$mode" = cache ] || [ "$mode" = edge ] || [ "$mode" = export ] || [ "$mode" = audit ] || [ "$mode" = api ]; then
  dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT" "$mode"
else
  dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT"
fi
