#!/usr/bin/env bash
# Quick start, command 1: services, build, migrate + seed demo data, then serve on $ERP_URL.
#   ERP_SEED_ORDERS=20000 scripts/run.sh   seeds a smaller data set (default 1,000,000 orders)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ERP_ROOT"

bash scripts/services.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Files__Path="${Files__Path:-$ERP_DATA_DIR/files}"   # CSV exports (a folder all nodes share)
log "Building"
dotnet build src/Erp.Web -c Release -v quiet -nologo
log "Migrating and seeding ${ERP_SEED_ORDERS:-1000000} orders (a no-op when already seeded)"
(cd src/Erp.Web && dotnet run --no-build -c Release --no-launch-profile -- seed --orders "${ERP_SEED_ORDERS:-1000000}")

# Invoice e-mails go to a local SMTP sink with a web inbox (smtp4dev, a dotnet tool pinned in
# .config/dotnet-tools.json); the app's Smtp section points at it by default (127.0.0.1:2525).
: "${ERP_SMTP_PORT:=2525}"
: "${ERP_MAIL_URL:=http://127.0.0.1:5081}"
if (exec 3<>"/dev/tcp/127.0.0.1/$ERP_SMTP_PORT") 2>/dev/null; then
  log "An SMTP server already listens on 127.0.0.1:$ERP_SMTP_PORT; using it"
else
  log "Starting the SMTP sink smtp4dev on 127.0.0.1:$ERP_SMTP_PORT (inbox $ERP_MAIL_URL)"
  dotnet tool restore >/dev/null
  mkdir -p "$ERP_DATA_DIR/run"
  nohup dotnet tool run smtp4dev -- --urls "$ERP_MAIL_URL" --hostname 127.0.0.1 --smtpport "$ERP_SMTP_PORT" \
    --imapport "" --pop3port "" --db "" >"$ERP_DATA_DIR/run/smtp4dev.log" 2>&1 &
  echo $! >"$ERP_DATA_DIR/run/smtp4dev.pid"
fi
export Smtp__Port="${Smtp__Port:-$ERP_SMTP_PORT}"

cat <<INFO

  Erp is starting on $ERP_URL
  Sign in as admin@erp.local    / Admin-demo-2026     (admin)
          or employee@erp.local / Employee-demo-2026  (employee)
  (demo passwords from src/Erp.Web/appsettings.Development.json; override with Seed__AdminPassword / Seed__EmployeePassword)
  Sent invoice e-mails appear in the smtp4dev inbox: $ERP_MAIL_URL

INFO
cd src/Erp.Web
exec dotnet run --no-build -c Release --no-launch-profile -- --urls "$ERP_URL"
