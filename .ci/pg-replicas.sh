#!/usr/bin/env bash
# A PostgreSQL 15 + PostGIS primary with a streaming SYNCHRONOUS standby (and, on request, an asynchronous hot
# standby for reads), each a private cluster in one temp dir on a kernel-chosen loopback port. Built on
# PostgreSQL's own replication: pg_basebackup -R (standby.signal + primary_conninfo), synchronous_standby_names.
#   .ci/pg-replicas.sh start-pair          -> prints "DIR PRIMARY_PORT STANDBY_PORT"
#   .ci/pg-replicas.sh add-async DIR       -> prints "READ_PORT" (an asynchronous hot standby of the primary)
#   .ci/pg-replicas.sh kill-primary DIR    -> kill -9 of the primary's postmaster (the drill's fault)
#   .ci/pg-replicas.sh promote DIR         -> pg_ctl promote of the synchronous standby (waits until writable)
#   .ci/pg-replicas.sh unsync DIR          -> the primary stops waiting for a standby (bench: "without")
#   .ci/pg-replicas.sh stop DIR
#
# synchronous_commit=on (not remote_apply): a commit answers once its WAL is flushed on the primary AND on the
# standby, which is what "an acknowledged raise survives the primary" needs: promotion replays every flushed
# record before it accepts writes. remote_apply would also wait for the standby to replay it (visible to
# reads there); nothing reads decisions from that standby (reads that need the latest go to the primary,
# lag-tolerant reads to the async one), so that extra wait would buy nothing.
#
# fsync: off by default (PG_FSYNC=on for honest latency numbers). The drill kills the postmaster with -9: the
# kernel's page cache survives a killed process, so fsync guards only against an OS or power loss, which no
# test here simulates. synchronous_commit is NOT turned off (today's single test cluster turns it off).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
FSYNC=${PG_FSYNC:-off}
as=()
[ "$(id -u)" = 0 ] && as=(runuser -u postgres --)

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# $1 data dir, $2 port, $3 socket dir, $4 log
start_server() {
  "${as[@]}" "$PGBIN/pg_ctl" -D "$1" -o "-p $2 -k $3 -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$FSYNC -c synchronous_commit=on -c full_page_writes=off -c wal_level=replica -c hot_standby=on -c wal_keep_size=256MB" -l "$4" -w start >/dev/null
}

psql_at() { "${as[@]}" "$PGBIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d postgres -XAtqc "$2"; }

# $1 dir, $2 name, $3 primary port -> a standby of the primary in $1/$2, started; prints its port
add_standby() {
  local dir=$1 name=$2 pport=$3 port
  port=$(free_port)
  "${as[@]}" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$dir/$name" -R -X stream --no-sync \
    -d "host=127.0.0.1 port=$pport user=postgres application_name=$name" >"$dir/$name.basebackup.log" 2>&1
  # application_name is what synchronous_standby_names matches; -R writes the connection it used, but say it
  # explicitly so the pairing does not depend on pg_basebackup's version.
  echo "primary_conninfo = 'host=127.0.0.1 port=$pport user=postgres application_name=$name'" | "${as[@]}" tee -a "$dir/$name/postgresql.auto.conf" >/dev/null
  start_server "$dir/$name" "$port" "$dir" "$dir/$name.log"
  echo "$port" >"$dir/$name.port"
  echo "$port"
}

wait_for() { # $1 port, $2 query, $3 expected
  for _ in $(seq 1 300); do
    [ "$(psql_at "$1" "$2" || true)" = "$3" ] && return 0
    sleep 0.1
  done
  echo "timed out waiting for [$2] = $3 on port $1" >&2
  return 1
}

start_pair() {
  local dir pport sport
  dir=$(mktemp -d /tmp/alerta-pgrep.XXXXXX)
  chmod 755 "$dir"
  chown postgres:postgres "$dir" 2>/dev/null || true
  pport=$(free_port)
  # initdb --auth=trust also trusts replication connections from 127.0.0.1 (its pg_hba.conf).
  "${as[@]}" "$PGBIN/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  start_server "$dir/primary" "$pport" "$dir" "$dir/primary.log"
  echo "$pport" >"$dir/primary.port"
  sport=$(add_standby "$dir" standby1 "$pport")
  # Only now that the standby streams: earlier, every commit would wait for a standby that is not there.
  psql_at "$pport" "alter system set synchronous_standby_names = 'standby1'" >/dev/null
  psql_at "$pport" "select pg_reload_conf()" >/dev/null
  wait_for "$pport" "select sync_state from pg_stat_replication where application_name = 'standby1'" sync
  echo "$dir $pport $sport"
}

add_async() {
  local dir=$1 port pport
  pport=$(cat "$dir/primary.port")
  port=$(add_standby "$dir" reader1 "$pport")
  wait_for "$pport" "select sync_state from pg_stat_replication where application_name = 'reader1'" async
  echo "$port"
}

kill_primary() {
  local pid
  pid=$(head -1 "$1/primary/postmaster.pid")
  kill -9 "$pid"
}

promote() {
  "${as[@]}" "$PGBIN/pg_ctl" -D "$1/standby1" -w promote >/dev/null
  wait_for "$(cat "$1/standby1.port")" "select pg_is_in_recovery()" f
}

unsync() {
  local pport
  pport=$(cat "$1/primary.port")
  psql_at "$pport" "alter system set synchronous_standby_names = ''" >/dev/null
  psql_at "$pport" "select pg_reload_conf()" >/dev/null
}

stop_all() {
  local d
  for d in reader1 standby1 primary; do
    [ -d "$1/$d" ] && { "${as[@]}" "$PGBIN/pg_ctl" -D "$1/$d" -m immediate -w stop >/dev/null 2>&1 || true; }
  done
  # a killed postmaster may leave backends behind for a moment; they exit on their own (postmaster death)
  rm -rf "$1"
}

case "${1:-}" in
  start-pair) start_pair ;;
  add-async) add_async "$2" ;;
  kill-primary) kill_primary "$2" ;;
  promote) promote "$2" ;;
  unsync) unsync "$2" ;;
  stop) stop_all "$2" ;;
  *) echo "usage: $0 start-pair | add-async DIR | kill-primary DIR | promote DIR | unsync DIR | stop DIR" >&2; exit 2 ;;
esac
