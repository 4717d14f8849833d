#!/usr/bin/env bash
# Quick start, command 1: services, build, migrate + seed demo data, then serve on $ERP_URL.
#   ERP_SEED_ORDERS=20000 scripts/run.sh   seeds a smaller data set (default 1,000,000 orders)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ERP_ROOT"

bash scripts/services.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
log "Building"
dotnet build src/Erp.Web -c Release -v quiet -nologo
log "Migrating and seeding ${ERP_SEED_ORDERS:-1000000} orders (a no-op when already seeded)"
(cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")

cat <<INFO

  Erp is starting on $ERP_URL
  Sign in as admin@erp.local    / Admin-demo-2026     (admin)
          or employee@erp.local / Employee-demo-2026  (employee)
  (demo passwords from src/Erp.Web/appsettings.Development.json; override with Seed__AdminPassword / Seed__EmployeePassword)

INFO
cd src/Erp.Web
exec dotnet run --no-build -c Release --no-launch-profile -- --urls "$ERP_URL"
