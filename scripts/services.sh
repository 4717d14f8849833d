#!/usr/bin/env bash
# Brings up MariaDB 10.11 and Redis for Erp without Docker (Debian, as root). Safe to run twice.
#   scripts/services.sh            database + cache
#   scripts/services.sh --browser  also Debian's Chromium (for the browser tests)
# With ERP_EXTERNAL_SERVICES=1 it starts nothing and waits for the servers named by
# ConnectionStrings__Erp / ConnectionStrings__Redis (CI service containers).
set -euo pipefail
source "$(dirname "$0")/env.sh"

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

wait_for_port() { # host port name
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$3 did not answer on $1:$2 within 60 s." >&2
  exit 1
}

if [ "${ERP_EXTERNAL_SERVICES:-0}" = "1" ]; then
  db_host=$(sed -nE 's/.*Server=([^;]+).*/\1/ip' <<<"$ConnectionStrings__Erp"); db_port=$(sed -nE 's/.*Port=([0-9]+).*/\1/ip' <<<"$ConnectionStrings__Erp")
  redis_host=${ConnectionStrings__Redis%%[:,]*}; redis_port=$(sed -nE 's/^[^:,]+:([0-9]+).*/\1/p' <<<"$ConnectionStrings__Redis")
  log "Using external services: MariaDB at ${db_host}:${db_port:-3306}, Redis at ${redis_host}:${redis_port:-6379}"
  wait_for_port "$db_host" "${db_port:-3306}" MariaDB
  wait_for_port "$redis_host" "${redis_port:-6379}" Redis
  exit 0
fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "scripts/services.sh installs and starts MariaDB and Redis on Debian as root." >&2
  echo "Here it cannot: run 'docker compose up -d mariadb redis' instead, or set ERP_EXTERNAL_SERVICES=1" >&2
  echo "with ConnectionStrings__Erp and ConnectionStrings__Redis pointing at your servers." >&2
  exit 1
fi

missing=()
command -v mariadbd >/dev/null || missing+=(mariadb-server mariadb-client)
command -v redis-server >/dev/null || missing+=(redis-server)
[ "$want_browser" = 1 ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
# Invoice PDFs are set in DejaVu Sans (Pdf:FontDirectory; docs/adr/0011-durable-jobs.md).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$ERP_DATA_DIR"
db_dir="$ERP_DATA_DIR/mariadb"; run_dir="$ERP_DATA_DIR/run"; mkdir -p "$run_dir"
root_sql() { mariadb --no-defaults -h127.0.0.1 -P"$ERP_DB_PORT" -uroot "$@"; }

if mariadb-admin --no-defaults -h127.0.0.1 -P"$ERP_DB_PORT" -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
  log "MariaDB already answers on port $ERP_DB_PORT"
else
  if [ ! -d "$db_dir/mysql" ]; then
    log "Creating a MariaDB data directory in $db_dir"
    mariadb-install-db --no-defaults --user=root --datadir="$db_dir" --auth-root-authentication-method=normal --skip-test-db >"$run_dir/mariadb-install.log" 2>&1
  fi
  log "Starting MariaDB on 127.0.0.1:$ERP_DB_PORT"
  setsid mariadbd --no-defaults --user=root --datadir="$db_dir" --socket="$run_dir/mariadb.sock" \
    --pid-file="$run_dir/mariadb.pid" --port="$ERP_DB_PORT" --bind-address=127.0.0.1 \
    --log-error="$run_dir/mariadb.log" --skip-log-bin --local-infile=1 \
    --innodb-buffer-pool-size=1G --innodb-log-file-size=512M --innodb-flush-log-at-trx-commit=2 \
    --max-connections=500 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    </dev/null >/dev/null 2>&1 &
  for i in $(seq 1 60); do
    mariadb-admin --no-defaults -S "$run_dir/mariadb.sock" -uroot ping >/dev/null 2>&1 && break
    [ "$i" = 60 ] && { echo "MariaDB did not start; see $run_dir/mariadb.log" >&2; tail -20 "$run_dir/mariadb.log" >&2; exit 1; }
    sleep 1
  done
fi

log "Ensuring database '$ERP_DB_NAME', owner '$ERP_DB_USER' and application account '$ERP_DB_APP_USER' (also on erp_test_% for tests)"
# The owner migrates, owns the audit triggers and grants the application role its rights on each table
# after every migration (ADR 0012), hence WITH GRANT OPTION. The application account gets everything
# through the role: DML on business tables, only SELECT and INSERT on audit_log.
root_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$ERP_DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$ERP_DB_USER'@'localhost' IDENTIFIED BY '$ERP_DB_PASSWORD';
CREATE USER IF NOT EXISTS '$ERP_DB_USER'@'127.0.0.1' IDENTIFIED BY '$ERP_DB_PASSWORD';
ALTER USER '$ERP_DB_USER'@'localhost' IDENTIFIED BY '$ERP_DB_PASSWORD';
ALTER USER '$ERP_DB_USER'@'127.0.0.1' IDENTIFIED BY '$ERP_DB_PASSWORD';
GRANT ALL PRIVILEGES ON \`$ERP_DB_NAME\`.* TO '$ERP_DB_USER'@'localhost', '$ERP_DB_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON \`erp\_test\_%\`.* TO '$ERP_DB_USER'@'localhost', '$ERP_DB_USER'@'127.0.0.1' WITH GRANT OPTION;
CREATE ROLE IF NOT EXISTS '$ERP_DB_APP_ROLE';
CREATE USER IF NOT EXISTS '$ERP_DB_APP_USER'@'localhost' IDENTIFIED BY '$ERP_DB_APP_PASSWORD';
CREATE USER IF NOT EXISTS '$ERP_DB_APP_USER'@'127.0.0.1' IDENTIFIED BY '$ERP_DB_APP_PASSWORD';
ALTER USER '$ERP_DB_APP_USER'@'localhost' IDENTIFIED BY '$ERP_DB_APP_PASSWORD';
ALTER USER '$ERP_DB_APP_USER'@'127.0.0.1' IDENTIFIED BY '$ERP_DB_APP_PASSWORD';
GRANT '$ERP_DB_APP_ROLE' TO '$ERP_DB_APP_USER'@'localhost', '$ERP_DB_APP_USER'@'127.0.0.1';
SET DEFAULT ROLE '$ERP_DB_APP_ROLE' FOR '$ERP_DB_APP_USER'@'localhost';
SET DEFAULT ROLE '$ERP_DB_APP_ROLE' FOR '$ERP_DB_APP_USER'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL

if redis-cli -h 127.0.0.1 -p "$ERP_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
  log "Redis already answers on port $ERP_REDIS_PORT"
else
  log "Starting Redis on 127.0.0.1:$ERP_REDIS_PORT"
  mkdir -p "$ERP_DATA_DIR/redis"
  redis-server --daemonize yes --port "$ERP_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --pidfile "$run_dir/redis.pid" --logfile "$run_dir/redis.log" --dir "$ERP_DATA_DIR/redis"
  for i in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p "$ERP_REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
    [ "$i" = 30 ] && { echo "Redis did not start; see $run_dir/redis.log" >&2; exit 1; }
    sleep 1
  done
fi
log "Services ready: MariaDB 127.0.0.1:$ERP_DB_PORT, Redis 127.0.0.1:$ERP_REDIS_PORT"
