#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL 15 + PostGIS cluster in a temp dir, for tests and benchmarks.
#   source .ci/pg-cluster.sh start   -> exports PGCLUSTER_DIR, PGPORT, TEST_DATABASE_URL
#   .ci/pg-cluster.sh stop DIR | restart DIR | start-print (prints "DIR PORT")
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

pg_cluster_start() {
  local dir port
  dir=$(mktemp -d /tmp/alerta-pg.XXXXXX)
  chmod 755 "$dir"
  # a free port chosen by the kernel
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  chown postgres:postgres "$dir" 2>/dev/null || true
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  "${as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$dir/server.log" -w start >/dev/null
  export PGCLUSTER_DIR=$dir PGPORT=$port
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL cluster in $dir on port $port"
}

pg_cluster_stop() {
  local dir=$1
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

pg_cluster_restart() {
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PGBIN/pg_ctl" -D "$1/data" -m fast -w restart >/dev/null
}

case "${1:-}" in
  start) pg_cluster_start ;;
  stop) pg_cluster_stop "$2" ;;
  restart) pg_cluster_restart "$2" ;;
  # for tests: start a cluster and print "DIR PORT"
  start-print) pg_cluster_start >/dev/null; echo "$PGCLUSTER_DIR $PGPORT" ;;
esac
