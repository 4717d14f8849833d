# Shared settings for the scripts; sourced, not run. Every value can be overridden from the environment.
ERP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${ERP_DB_PORT:=3306}"
: "${ERP_REDIS_PORT:=6379}"
: "${ERP_DATA_DIR:=$ERP_ROOT/.data}"
: "${ERP_DB_NAME:=erp}"
: "${ERP_DB_USER:=erp}"
: "${ERP_DB_PASSWORD:=erp-dev-password}"
# Two database accounts (ADR 0012): ERP_DB_USER owns the schema (migrations, audit triggers, seed);
# the app serves as ERP_DB_APP_USER, which may not change or delete audit rows.
: "${ERP_DB_APP_USER:=erp_app}"
: "${ERP_DB_APP_PASSWORD:=erp-app-dev-password}"
: "${ERP_DB_APP_ROLE:=erp_app_role}"
: "${ERP_URL:=http://127.0.0.1:5080}"
export ConnectionStrings__Erp="${ConnectionStrings__Erp:-Server=127.0.0.1;Port=$ERP_DB_PORT;Database=$ERP_DB_NAME;User ID=$ERP_DB_APP_USER;Password=$ERP_DB_APP_PASSWORD}"
export ConnectionStrings__ErpOwner="${ConnectionStrings__ErpOwner:-Server=127.0.0.1;Port=$ERP_DB_PORT;Database=$ERP_DB_NAME;User ID=$ERP_DB_USER;Password=$ERP_DB_PASSWORD}"
export Database__AppRole="${Database__AppRole:-$ERP_DB_APP_ROLE}"
export ConnectionStrings__Redis="${ConnectionStrings__Redis:-127.0.0.1:$ERP_REDIS_PORT,abortConnect=false,connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export ERP_ROOT ERP_DB_PORT ERP_REDIS_PORT ERP_DATA_DIR

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
