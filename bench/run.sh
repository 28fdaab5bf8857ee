#!/usr/bin/env bash
# bench/run.sh [--smoke] — one run, one table (issue 19; docs/performance.md).
#
# Builds the service and bench/Vouchers.Benchmarks, starts everything it needs itself — a throwaway PostgreSQL
# cluster (Debian's initdb/pg_ctl, default settings, a free loopback port, a folder under /tmp; as the postgres user
# when run as root), the service (the built Vouchers.Api.dll, as an operator runs it, once on PostgreSQL and once on
# SQLite), an identity provider for its tokens (hosted by the load driver) — seeds through the service's own API,
# measures, stops everything and prints ONE markdown table on stdout (progress goes to stderr).
#
#   full (default): 10 s a level, 1 / 8 / 32 clients, pgbench scale 10, a ledger of 100,000 records.
#   --smoke:        the same steps with tiny sizes (1 s a level, 1 / 2 clients, 24 vouchers, pgbench scale 1, a ledger of
#                   300 records), so CI can run every row's code path in about two minutes; its numbers mean nothing.
#
# Environment: BENCH_SECONDS (per level), BENCH_VOUCHERS (seeded per engine), BENCH_LEDGER_RECORDS, BENCH_PGBENCH_SCALE,
# BENCH_CONFIGURATION (Release), BENCH_NO_BUILD=1 (use what is built), BENCH_KEEP=1 (keep the run folder: every
# step's JSON and log), BENCH_ONLY=step,… (run only these of pgbench, postgresql, sqlite, pages, baseline, ledger, bulk; the
# caption names them and the others' cells say missing), BENCH_PROFILE=1 (record a CPU profile of the whole machine
# with perf during each engine's measured redemption levels, and on PostgreSQL sample its backends' wait events; the
# summaries are left in the run folder, which is kept).
# Exit status: 0 when every step ran; 1 when one failed (the table says which figure is missing).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=full
case "${1:-}" in
  --smoke) MODE=smoke ;;
  "") ;;
  *) echo "usage: bench/run.sh [--smoke]" >&2; exit 2 ;;
esac
if [ "$MODE" = smoke ]; then
  SECS=${BENCH_SECONDS:-1}; VOUCHERS=${BENCH_VOUCHERS:-24}; LEDGER_RECORDS=${BENCH_LEDGER_RECORDS:-300}; SCALE=${BENCH_PGBENCH_SCALE:-1}
  BULK=${BENCH_BULK_VOUCHERS:-200}
  STEP_TIMEOUT=90; LEVELS=1,2; APPROVE_LEVELS=1,2
else
  SECS=${BENCH_SECONDS:-10}; VOUCHERS=${BENCH_VOUCHERS:-3000}; LEDGER_RECORDS=${BENCH_LEDGER_RECORDS:-100000}; SCALE=${BENCH_PGBENCH_SCALE:-10}
  BULK=${BENCH_BULK_VOUCHERS:-100000}
  STEP_TIMEOUT=900; LEVELS=1,8,32; APPROVE_LEVELS=1,8
fi
CONFIG=${BENCH_CONFIGURATION:-Release}
API_DLL=$ROOT/src/Vouchers.Api/bin/$CONFIG/net10.0/Vouchers.Api.dll
BENCH_DLL=$ROOT/bench/Vouchers.Benchmarks/bin/$CONFIG/net10.0/Vouchers.Benchmarks.dll
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
RUN=$(mktemp -d /tmp/vouchers-bench-XXXXXX)
chmod 755 "$RUN"
fail() { say "FAILED: $*"; echo "$*" >>"$RUN/failed"; } # a file, not a variable: the engines may run in subshells
failed() { [ -s "$RUN/failed" ]; }
PG_BIN=""; PG_DATA=""; PG_AS=(); CHILD=""; ENGINE_PIDS=()
ONLY=${BENCH_ONLY:-pgbench,postgresql,sqlite,pages,baseline,ledger,bulk}
want() { [[ ",$ONLY," == *",$1,"* ]]; }
PROFILE=${BENCH_PROFILE:-0}
if [ "$PROFILE" = 1 ]; then
  command -v perf >/dev/null || { echo "BENCH_PROFILE=1 needs perf (Debian: linux-perf)" >&2; exit 2; }
  BENCH_KEEP=1
fi

cleanup() {
  [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null
  for pid in "${ENGINE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for f in "$RUN"/*/service.pid; do [ -f "$f" ] && kill -TERM "$(cat "$f")" 2>/dev/null; done
  sleep 0.5
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ] || failed; then say "run folder kept: $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'fail "interrupted"; exit 1' INT TERM

# A step in the background, waited for, so that a TERM reaches the trap at once (bash defers traps while a
# foreground child runs); bounded by STEP_TIMEOUT.
step() { timeout "$STEP_TIMEOUT" "$@" & CHILD=$!; wait "$CHILD"; local s=$?; CHILD=""; return $s; }
bench() { step dotnet "$BENCH_DLL" "$@"; }

# ---- build --------------------------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  say "building $CONFIG"
  for project in src/Vouchers.Api bench/Vouchers.Benchmarks; do
    step dotnet build -c "$CONFIG" -nologo -v q "$project" >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; fail "build $project"; exit 1; }
  done
fi
for f in "$API_DLL" "$BENCH_DLL"; do [ -f "$f" ] || { fail "$f missing (build with -c $CONFIG first)"; exit 1; }; done

# ---- PostgreSQL: a throwaway cluster, default settings ----------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
PGBENCH=$(command -v pgbench || echo "$PG_BIN/pgbench")
PG_ROOT=$RUN/pg
mkdir -p "$PG_ROOT"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_ROOT"; PG_AS=(runuser -u postgres --); fi
read -r PG_PORT PG_ISSUER_PORT PG_SERVICE_PORT LITE_ISSUER_PORT LITE_SERVICE_PORT PAGES_PORT < <(dotnet "$BENCH_DLL" free-port 6)
PG_DATA=$PG_ROOT/data
say "PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
if "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U vouchers -A trust -E UTF8 --locale=C.UTF-8 >"$RUN/initdb.log" 2>&1 &&
   "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -t 60 \
     -o "-c port=$PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_ROOT -c max_connections=200" start >/dev/null 2>&1; then
  PG_OK=1
else
  PG_OK=0; PG_DATA=""; fail "PostgreSQL did not start (see $RUN/initdb.log)"
fi
pg_cs() { echo "Host=127.0.0.1;Port=$PG_PORT;Username=vouchers;Database=$1;Include Error Detail=true"; }
createdb_() { "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U vouchers "$1"; }

# ---- pgbench TPC-B on the same cluster ----------------------------------------------------------------------------
if [ "$PG_OK" = 1 ] && want pgbench; then
  say "pgbench: initialising scale $SCALE"
  if createdb_ pgbench && step "$PGBENCH" -i -q -s "$SCALE" -h 127.0.0.1 -p "$PG_PORT" -U vouchers pgbench >"$RUN/pgbench-init.log" 2>&1; then
    for c in ${LEVELS//,/ }; do
      j=$(( c < $(nproc) ? c : $(nproc) ))
      say "pgbench: $c clients, $SECS s"
      (cd "$RUN" && step "$PGBENCH" -c "$c" -j "$j" -T "$SECS" -l --log-prefix="pgbench-c$c.log" -h 127.0.0.1 -p "$PG_PORT" -U vouchers pgbench) \
        >"$RUN/pgbench-c$c.out" 2>&1 || fail "pgbench -c $c"
    done
  else
    fail "pgbench -i (see $RUN/pgbench-init.log)"
  fi
fi

# ---- the service under load, one engine at a time -----------------------------------------------------------------
QR_KEY=$(dotnet "$BENCH_DLL" p256-key)
CHECKPOINT_KEY=$(dotnet "$BENCH_DLL" p256-key)
service_env() { # SENV: the settings of one deployment — database, identity provider, keys given, rate limits out of the way
  SENV=(ASPNETCORE_ENVIRONMENT=Testing "Database__Provider=$1" "ConnectionStrings__Vouchers=$2" DemoData__Enabled=true
    Jobs__Expiry__Enabled=false Jobs__Checkpoints__Enabled=false
    "Auth__Authority=http://127.0.0.1:$3/realms/test" Auth__Audience=vouchers-api Auth__RequireHttpsMetadata=false
    QrSigning__KeyFile= "QrSigning__Keys__0__PrivateKey=$QR_KEY" CheckpointSigning__KeyFile= "CheckpointSigning__Keys__0__PrivateKey=$CHECKPOINT_KEY"
    RateLimits__General__PermitLimit=100000000 RateLimits__ScanPerUser__PermitLimit=100000000 RateLimits__ScanPerProvider__PermitLimit=100000000
    Logging__LogLevel__Default=Warning)
  # JIT-compiled frames named in /tmp/perf-PID.map, which perf reads only for code outside the W^X double mapping
  [ "$PROFILE" = 1 ] && SENV+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
}

# BENCH_PROFILE=1: once the load driver says the measured redemption levels begin, sample every CPU for as long as they
# can last (S seconds a level), with call graphs, then summarise: CPU by process, and the service's hottest functions.
profile_redemption() {
  local dir=$1 pid=$2 levels
  levels=$(tr ',' '\n' <<<"$LEVELS" | wc -l)
  for _ in $(seq 1 3000); do grep -q '^redemption: measuring' "$dir/load.log" 2>/dev/null && break; kill -0 "$pid" 2>/dev/null || return; sleep 0.2; done
  perf record -a -g -F 499 -o "$dir/perf.data" -- sleep $((SECS * levels)) >"$dir/perf-record.log" 2>&1 || return
  local r=(perf report -i "$dir/perf.data" --stdio -g none)
  "${r[@]}" --no-children --sort comm 2>/dev/null | grep -v '^#' | grep -v '^$' | head -30 >"$dir/perf-by-thread-name.txt"
  "${r[@]}" --no-children --pid "$pid" --sort dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -20 >"$dir/perf-service-by-library.txt"
  "${r[@]}" --no-children --pid "$pid" --sort symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | head -150 >"$dir/perf-service-self.txt"
  "${r[@]}" --children --pid "$pid" --sort symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | head -300 >"$dir/perf-service-children.txt"
  say "profile: $dir/perf-*.txt (perf report -i $dir/perf.data for more)"
}

# BENCH_PROFILE=1 on PostgreSQL: over the same window, what the service's backends are doing, sampled every 100 ms by one
# psql session (\watch) — wait event (or CPU when none) and the statement's first words — counted into waits.txt.
sample_waits() {
  local dir=$1 pid=$2 levels
  levels=$(tr ',' '\n' <<<"$LEVELS" | wc -l)
  for _ in $(seq 1 3000); do grep -q '^redemption: measuring' "$dir/load.log" 2>/dev/null && break; kill -0 "$pid" 2>/dev/null || return; sleep 0.2; done
  printf '%s\n' "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' | ' || left(regexp_replace(query, '\s+', ' ', 'g'), 50) FROM pg_stat_activity WHERE datname = 'vouchers' AND state = 'active' AND pid <> pg_backend_pid()" \
    '\watch 0.1' >"$dir/waits.sql"
  timeout $((SECS * levels)) "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U vouchers -d vouchers -At -f "$dir/waits.sql" >"$dir/waits.raw" 2>/dev/null
  { echo "samples of active backends every 100 ms over the redemption levels: $(grep -c . "$dir/waits.raw")"
    grep . "$dir/waits.raw" | sort | uniq -c | sort -rn | head -25; } >"$dir/waits.txt"
  say "waits: $dir/waits.txt"
}

# start_service DIR PORT ENV…: the built service with these settings on 127.0.0.1:PORT, its log in DIR/service.log and its
# pid in DIR/service.pid (the cleanup trap stops whatever is left there); returns 0 once /health/ready answers, 1 if it
# died or did not answer in 90 s.
start_service() {
  local dir=$1 port=$2; shift 2
  (cd "$(dirname "$API_DLL")" && exec env "$@" dotnet "$API_DLL" --urls "http://127.0.0.1:$port") >"$dir/service.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/service.pid"
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.3
  done
  return 1
}

run_engine() {
  local engine=$1 provider=$2 cs=$3 issuer_port=$4 service_port=$5 dir=$RUN/$1
  mkdir -p "$dir"
  say "$engine: starting the service on 127.0.0.1:$service_port"
  service_env "$provider" "$cs" "$issuer_port"
  local SERVICE_PID ready=0
  start_service "$dir" "$service_port" "${SENV[@]}" && ready=1
  SERVICE_PID=$(cat "$dir/service.pid")
  if [ "$ready" = 1 ]; then
    local PROFILER=""
    local SAMPLER=""
    if [ "$PROFILE" = 1 ]; then profile_redemption "$dir" "$SERVICE_PID" & PROFILER=$!; fi
    if [ "$PROFILE" = 1 ] && [ "$provider" = PostgreSql ]; then sample_waits "$dir" "$SERVICE_PID" & SAMPLER=$!; fi
    say "$engine: seeding $VOUCHERS vouchers through the API, then approvals ($APPROVE_LEVELS clients) and redemption ($LEVELS clients), $SECS s a level"
    bench load --url "http://127.0.0.1:$service_port" --issuer-port "$issuer_port" --vouchers "$VOUCHERS" --seconds "$SECS" \
      --approve-clients "$APPROVE_LEVELS" --redeem-clients "$LEVELS" --samples "$([ "$MODE" = smoke ] && echo 3 || echo 20)" \
      --out "$dir/load.json" >/dev/null 2>"$dir/load.log" || { tail -5 "$dir/load.log" >&2; fail "$engine load (see $dir/load.log)"; }
    grep -o 'VmHWM:.*' "/proc/$SERVICE_PID/status" | tr -dc '0-9' >"$dir/vmhwm" || true
    [ -n "$PROFILER" ] && wait "$PROFILER"
    [ -n "$SAMPLER" ] && wait "$SAMPLER"
  else
    tail -20 "$dir/service.log" >&2; fail "$engine: the service did not become ready"
  fi
  kill -TERM "$SERVICE_PID" 2>/dev/null; wait "$SERVICE_PID" 2>/dev/null; rm -f "$dir/service.pid"
  # the service's own verifier on the database the run left (no HTTP, no token)
  (cd "$(dirname "$API_DLL")" && step env "${SENV[@]}" dotnet "$API_DLL" ledger verify) >"$dir/ledger-verify.out" 2>&1 || fail "$engine: ledger verify on the run's database (see $dir/ledger-verify.out)"
}

# A full run measures one engine at a time; the smoke run has nothing to measure, so it runs them side by side.
engines() {
  if ! want postgresql; then :
  elif [ "$PG_OK" = 1 ] && createdb_ vouchers; then
    run_engine postgresql PostgreSql "$(pg_cs vouchers)" "$PG_ISSUER_PORT" "$PG_SERVICE_PORT" &
    ENGINE_PIDS+=($!)
    [ "$MODE" = smoke ] || wait "${ENGINE_PIDS[-1]}"
  else
    fail "no PostgreSQL database for the service"
  fi
  if want sqlite; then
    run_engine sqlite Sqlite "Data Source=$RUN/sqlite/vouchers.db" "$LITE_ISSUER_PORT" "$LITE_SERVICE_PORT" &
    ENGINE_PIDS+=($!)
  fi
  for pid in "${ENGINE_PIDS[@]}"; do wait "$pid"; done
  ENGINE_PIDS=()
}
engines

# ---- the web pages' time to first byte, on the database the SQLite load run left ----------------------------------------
# The service in the Development environment, so that its own development identity provider signs the demo people in by the
# pages' code flow (the load runs' provider hands out bearer tokens only); otherwise the same settings as the load runs.
if want pages && [ -f "$RUN/sqlite/vouchers.db" ]; then
  say "pages: time to first byte of each role's busiest page"
  service_env Sqlite "Data Source=$RUN/sqlite/vouchers.db" 0
  PENV=(ASPNETCORE_ENVIRONMENT=Development Auth__DevelopmentIssuer__Enabled=true)
  for kv in "${SENV[@]}"; do case "$kv" in ASPNETCORE_ENVIRONMENT=*|Auth__Authority=*|Auth__Audience=*) ;; *) PENV+=("$kv") ;; esac; done
  mkdir -p "$RUN/pages"
  ready=0
  start_service "$RUN/pages" "$PAGES_PORT" "${PENV[@]}" && ready=1
  PAGES_PID=$(cat "$RUN/pages/service.pid")
  if [ "$ready" = 1 ]; then
    bench pages --url "http://127.0.0.1:$PAGES_PORT" --samples "$([ "$MODE" = smoke ] && echo 3 || echo 50)" --out "$RUN/pages.json" \
      >/dev/null 2>"$RUN/pages/pages.log" || fail "pages (see $RUN/pages/pages.log)"
  else
    tail -20 "$RUN/pages/service.log" >&2; fail "pages: the service did not become ready"
  fi
  kill -TERM "$PAGES_PID" 2>/dev/null; wait "$PAGES_PID" 2>/dev/null; rm -f "$RUN/pages/service.pid"
fi

# ---- raw SQLite, the service's settings ----------------------------------------------------------------------------
if want baseline; then
  say "raw SQLite baseline: $LEVELS clients, $SECS s a level"
  bench sqlite-baseline --file "$RUN/baseline.db" --clients "$LEVELS" --seconds "$SECS" --out "$RUN/sqlite-baseline.json" \
    >/dev/null 2>"$RUN/sqlite-baseline.log" || fail "raw SQLite baseline (see $RUN/sqlite-baseline.log)"
fi

# ---- ledger verification on both engines -------------------------------------------------------------------------
if want ledger; then
  say "ledger verification: $LEDGER_RECORDS records on SQLite"
  bench ledger-verify --records "$LEDGER_RECORDS" --runs 3 --provider sqlite --connection "Data Source=$RUN/ledger.db;Pooling=False" \
    --out "$RUN/ledger-sqlite.json" >/dev/null 2>"$RUN/ledger-sqlite.log" || fail "ledger verification on SQLite (see $RUN/ledger-sqlite.log)"
  if [ "$PG_OK" = 1 ] && createdb_ ledger; then
    say "ledger verification: $LEDGER_RECORDS records on PostgreSQL"
    bench ledger-verify --records "$LEDGER_RECORDS" --runs 3 --provider postgresql --connection "$(pg_cs ledger)" \
      --out "$RUN/ledger-postgresql.json" >/dev/null 2>"$RUN/ledger-postgresql.log" || fail "ledger verification on PostgreSQL (see $RUN/ledger-postgresql.log)"
  fi
fi

# ---- bulk issuance, then the position and the reconciliation over what it issued, on both engines --------------------
if want bulk; then
  say "bulk issuance: $BULK vouchers on SQLite"
  bench bulk-issue --vouchers "$BULK" --provider sqlite --connection "Data Source=$RUN/bulk.db;Pooling=False" \
    --out "$RUN/bulk-sqlite.json" >/dev/null 2>"$RUN/bulk-sqlite.log" || fail "bulk issuance on SQLite (see $RUN/bulk-sqlite.log)"
  if [ "$PG_OK" = 1 ] && createdb_ bulk; then
    say "bulk issuance: $BULK vouchers on PostgreSQL"
    bench bulk-issue --vouchers "$BULK" --provider postgresql --connection "$(pg_cs bulk)" \
      --out "$RUN/bulk-postgresql.json" >/dev/null 2>"$RUN/bulk-postgresql.log" || fail "bulk issuance on PostgreSQL (see $RUN/bulk-postgresql.log)"
  fi
fi

# ---- the table ------------------------------------------------------------------------------------------------------
PG_VERSION=$("$PG_BIN/postgres" --version 2>/dev/null | awk '{print $3}')
echo "Run: $MODE, $(date -u +%Y-%m-%dT%H:%MZ), $SECS s a level, $VOUCHERS vouchers seeded per engine, ledger of $LEDGER_RECORDS records, $BULK vouchers issued in bulk;" \
  "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r), PostgreSQL ${PG_VERSION:-?} (default settings)," \
  ".NET $(dotnet --version), $CONFIG build; load driver, pgbench and service share the machine$([ "$MODE" = smoke ] && echo ", the two engines side by side")$([ -n "${BENCH_ONLY:-}" ] && echo "; only these steps ran (BENCH_ONLY): $ONLY")."
echo
dotnet "$BENCH_DLL" report --dir "$RUN" --levels "$LEVELS" --scale "$SCALE" || fail "report"
if failed; then
  echo
  echo "Steps that failed: $(paste -sd ';' "$RUN/failed")"
  exit 1
fi
