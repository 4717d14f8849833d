#!/usr/bin/env bash
# List benchmark: services, Release build, the demo seed (1,000,000 orders; a no-op when present),
# then bench/Erp.Bench, which rewrites its table in docs/benchmarks.md.
#   ERP_BENCH_ITERATIONS=50 bash scripts/bench.sh    fewer runs for a quick look
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ERP_ROOT"

bash scripts/services.sh
export ASPNETCORE_ENVIRONMENT=Development
log "Building (Release)"
dotnet build src/Erp.Web -c Release -v quiet -nologo
dotnet build bench/Erp.Bench -c Release -v quiet -nologo
log "Seeding ${ERP_SEED_ORDERS:-1000000} orders if not present"
(cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")
log "Running the list benchmark"
dotnet bench/Erp.Bench/bin/Release/net10.0/Erp.Bench.dll "$ERP_ROOT"
