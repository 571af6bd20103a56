#!/usr/bin/env bash
# Runs the Aegis benchmarks and writes docs/benchmarks.md and docs/benchmarks.json. `./aegis bench [--quick]` runs
# this script. Every measure runs at least three times against a baseline measured in the same invocation; the
# harness uses its own streams (BENCH_<id>_*), subject roots (bench<id>*), ClickHouse database aegis_bench and
# PostgreSQL databases aegis_bench_<id>*, starts its service jars on free loopback ports, and removes all of it
# when it ends. Nothing here is part of ./aegis test.
set -euo pipefail

AEGIS_ROOT=${AEGIS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export AEGIS_ROOT
# shellcheck source=scripts/lib/config.sh
source "$AEGIS_ROOT/scripts/lib/config.sh"
# shellcheck source=scripts/lib/common.sh
source "$AEGIS_ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/infra.sh
source "$AEGIS_ROOT/scripts/lib/infra.sh"
# shellcheck source=scripts/lib/credentials.sh
source "$AEGIS_ROOT/scripts/lib/credentials.sh"

MODE=full
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) MODE=quick; shift ;;
        -h | --help)
            echo "Usage: ./aegis bench [--quick]   (--quick: a short run of a few minutes; default: the full run)"
            exit 0
            ;;
        *) die "bench: unknown option '$1' (options: --quick)" ;;
    esac
done

# Sizes per mode. Both modes store 10 million samples for the time-travel query (the fill took 30 to 55 s on a 2-core machine).
if [[ $MODE == quick ]]; then
    RUNS=3 PUBLISH_SAMPLES=60000 SIMULATOR_SAMPLES=60000 BATCHING_SAMPLES=20000 JOIN_SAMPLES=60000 STORE_SAMPLES=100000
    SWEEP_SAMPLES=50000 COMMANDS=400 PGBENCH_SECONDS=5 TIMETRAVEL_ROWS=10000000 TIMETRAVEL_QUERIES=20
    ALERT_SPIKES=30 SSE_ALERTS=60 SSE_CLIENTS=1000 OUTAGE_BEFORE=15 OUTAGE_SECONDS=60 OUTAGE_AFTER=10
    JMH_ARGS=(-f 1 -wi 2 -i 3 -w 1s -r 1s -p samples=10 -p vehicles=4000)
else
    RUNS=5 PUBLISH_SAMPLES=500000 SIMULATOR_SAMPLES=360000 BATCHING_SAMPLES=200000 JOIN_SAMPLES=500000 STORE_SAMPLES=1000000
    SWEEP_SAMPLES=500000 COMMANDS=5000 PGBENCH_SECONDS=15 TIMETRAVEL_ROWS=10000000 TIMETRAVEL_QUERIES=100
    ALERT_SPIKES=120 SSE_ALERTS=300 SSE_CLIENTS=1000 OUTAGE_BEFORE=30 OUTAGE_SECONDS=60 OUTAGE_AFTER=30
    JMH_ARGS=(-f 2 -wi 3 -i 5 -w 2s -r 3s)
fi
# NOTE: the full run has not been timed on the 2-core development machine; this is an estimate from the quick
# run's step times scaled by the counts.
FULL_DURATION="its duration is estimated at 40 to 60 minutes on a 2-core machine (not yet timed)"

# Heap and collector of the service jars the harness starts, and of the in-process driver.
: "${BENCH_SERVICE_JAVA_OPTS:=-Xms64m -Xmx512m -XX:+UseSerialGC}"
: "${BENCH_DRIVER_JAVA_OPTS:=-Xms256m -Xmx1g -XX:+UseSerialGC}"
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[[ -x $PGBENCH ]] || PGBENCH=$(command -v pgbench || true)
[[ -n $PGBENCH ]] || die "pgbench is missing: install the PostgreSQL 15 server package (it ships pgbench)"

ID=$(date +%s | tail -c 7)$$
ID=${ID:0:10}
STREAM_PREFIX="BENCH_$ID"
ROOT_PREFIX="bench$ID"
CH_DB=aegis_bench
PG_DB="aegis_bench_$ID"
PGBENCH_DB="aegis_bench_${ID}_pgbench"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aegis-bench.XXXXXX")
RESULTS="$WORK/results.jsonl"
JMH_JSON="$WORK/jmh.json"
STARTED_AT=$SECONDS
BENCH_PIDS=()
touch "$RESULTS"

# Stops the jars this script started, deletes its streams and databases.
cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n ${CLASSPATH_FILE:-} && -r $CLASSPATH_FILE ]]; then
        driver cleanup results=/dev/null \
            streams="${STREAM_PREFIX}_P,${STREAM_PREFIX}_B,${STREAM_PREFIX}_J,${STREAM_PREFIX}_S,${STREAM_PREFIX}_C,${STREAM_PREFIX}_A,${STREAM_PREFIX}_O" \
            >/dev/null 2>&1 || warn "could not delete the benchmark streams ${STREAM_PREFIX}_*"
    fi
    # clickhouse-client has no request time limit: dropping millions of rows can outlast clickhouse_query's 10 s.
    clickhouse-client --host "$AEGIS_CLICKHOUSE_HOST" --port "$AEGIS_CLICKHOUSE_TCP_PORT" \
        --query "DROP DATABASE IF EXISTS $CH_DB" >/dev/null 2>&1 || warn "could not drop ClickHouse database $CH_DB"
    psql_run -d postgres -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    psql_run -d postgres -c "DROP DATABASE IF EXISTS \"$PGBENCH_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    stop_started
    rm -rf "$WORK"
}

stop_started() {
    local name
    for name in "${STARTED[@]}"; do
        stop_recorded "$name" 30
    done
    STARTED=()
}

trap cleanup EXIT
trap 'echo; info "interrupted"; exit 130' INT TERM

elapsed() { printf '%dm%02ds' $(((SECONDS - STARTED_AT) / 60)) $(((SECONDS - STARTED_AT) % 60)); }

step() { info "[$(elapsed)] $*"; }

# Sets FREE_PORT to a TCP port on 127.0.0.1 that nothing listens on and that this run has not handed out yet.
USED_PORTS=" "
next_free_port() {
    FREE_PORT=18100
    while port_open 127.0.0.1 "$FREE_PORT" || [[ $USED_PORTS == *" $FREE_PORT "* ]]; do
        FREE_PORT=$((FREE_PORT + 1))
    done
    USED_PORTS+="$FREE_PORT "
}

driver() {
    # shellcheck disable=SC2086 # the options are a list
    java $BENCH_DRIVER_JAVA_OPTS -Duser.timezone=UTC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$AEGIS_ROOT/bench/target/classes:$(cat "$CLASSPATH_FILE")" io.aegis.bench.Macro "$@" \
        nats="$AEGIS_NATS_URL" 2>&1 | grep --line-buffered -v -E ' (DEBUG|TRACE) '
}

# Starts the jar of SERVICE on a free loopback port, in the scratch directory (so relative paths such as the spool
# and model folders land there), with the extra environment given as arguments; sets SERVICE_PID and SERVICE_PORT.
# Returns non-zero when the service does not become healthy.
start_jar() {
    local service=$1
    shift
    local jar
    jar=$(ls "$AEGIS_ROOT/$service"/target/"$service"-*-exec.jar 2>/dev/null | head -n 1)
    [[ -n $jar ]] || { warn "no jar for $service under $service/target"; return 1; }
    next_free_port
    SERVICE_PORT=$FREE_PORT
    step "starting $service on 127.0.0.1:$SERVICE_PORT (log: $LOG_DIR/bench-$service.log)"
    # shellcheck disable=SC2086 # BENCH_SERVICE_JAVA_OPTS is a list of JVM options
    (cd "$WORK" && exec env SERVER_PORT="$SERVICE_PORT" SERVER_ADDRESS=127.0.0.1 "$@" \
        java $BENCH_SERVICE_JAVA_OPTS -Duser.timezone=UTC -jar "$jar" >"$LOG_DIR/bench-$service.log" 2>&1 </dev/null) &
    SERVICE_PID=$!
    BENCH_PIDS+=("$SERVICE_PID")
    local deadline=$((SECONDS + 180))
    until curl -s --max-time 2 "http://127.0.0.1:$SERVICE_PORT/actuator/health" | grep -q '"status":"UP"'; do
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            warn "$service exited during startup; the end of its log says:"$'\n'"$(tail -n 15 "$LOG_DIR/bench-$service.log")"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            warn "$service did not report healthy within 180 s; see $LOG_DIR/bench-$service.log"
            return 1
        fi
        sleep 1
    done
    step "$service is up (pid $SERVICE_PID)"
}

# Records the peak resident set of a started jar under LABEL (default: the service name), then stops it.
stop_jar() {
    local service=$1 pid=$2 during=$3 label=${4:-$1}
    local hwm_kib
    hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    printf '{"id":"peak_rss_%s","side":"aegis","run":1,"value":%s,"unit":"MiB","during":"%s","jvm":"%s"}\n' \
        "$label" "$(awk -v k="$hwm_kib" 'BEGIN {printf "%.1f", k / 1024}')" "$during" \
        "$BENCH_SERVICE_JAVA_OPTS" >>"$RESULTS"
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    step "stopped $service (peak RSS $((hwm_kib / 1024)) MiB)"
}

stamp() {
    local commit cores memory cpu
    commit=$(git -C "$AEGIS_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$AEGIS_ROOT" diff --quiet HEAD 2>/dev/null || commit+=" (with uncommitted changes)"
    cores=$(nproc)
    memory=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
    cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    local java_version nats_version pg_version
    java_version=$(java -version 2>&1 | head -n 1 | sed -e 's/.*version "\([^"]*\)".*/\1/')
    nats_version=$(nats_info | grep -o '"version":"[^"]*"' | cut -d'"' -f4 || true)
    pg_version=$(psql_run -d postgres -Atc 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 || true)
    local command="./aegis bench"
    [[ $MODE == quick ]] && command+=" --quick"
    cat >"$WORK/stamp.json" <<STAMP
{"command":"$command","mode":"$MODE","date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","commit":"$commit",
 "cores":"$cores","memory":"$memory","cpu":"${cpu//\"/}","os":"$(uname -sr)","java":"$java_version",
 "nats":"${nats_version:-unknown}","postgres":"${pg_version:-unknown}","clickhouse":"${CLICKHOUSE_VERSION:-unknown}",
 "elapsed":"$(elapsed)","fullDuration":"$FULL_DURATION","runs":$RUNS,"serviceJvm":"$BENCH_SERVICE_JAVA_OPTS",
 "driverJvm":"$BENCH_DRIVER_JAVA_OPTS","failed":"${FAILED_STEPS[*]}"}
STAMP
}

# ---- preparation ------------------------------------------------------------------------------------------------

step "benchmark run $ID ($MODE mode); scratch files in $WORK"
ensure_infrastructure
ensure_dev_credentials
is_loopback "$NATS_HOST" && is_loopback "$AEGIS_POSTGRES_HOST" && is_loopback "$AEGIS_CLICKHOUSE_HOST" ||
    die "the benchmarks load only servers on loopback; NATS, PostgreSQL and ClickHouse must be on 127.0.0.1"

step "building proto, edge-bridge, query-side, ml-scorer, command-side, api and bench (tests skipped; log in $LOG_DIR/bench-build.log)"
# -Dui.skip reuses the last dashboard build: the benchmarks never load the dashboard.
(cd "$AEGIS_ROOT" && mvn -B package -DskipTests -Dspotless.check.skip=true -Dui.skip=true \
    -pl bench,command-side,api -am >"$LOG_DIR/bench-build.log" 2>&1) ||
    die "the build failed; last lines of $LOG_DIR/bench-build.log:"$'\n'"$(tail -n 30 "$LOG_DIR/bench-build.log")"
CLASSPATH_FILE="$AEGIS_ROOT/bench/target/bench.classpath"

clickhouse_query "DROP DATABASE IF EXISTS $CH_DB" >/dev/null
psql_run -d postgres -c "CREATE DATABASE \"$PG_DB\"" >/dev/null
psql_run -d postgres -c "CREATE DATABASE \"$PGBENCH_DB\"" >/dev/null
psql_run -d "$PGBENCH_DB" -c "CREATE TABLE bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL)" >/dev/null

# ---- measures ---------------------------------------------------------------------------------------------------
# Each group returns non-zero when a step fails; the run goes on with the next group and the report marks what is
# missing as not measured.

bench_jmh() {
    step "JMH hot-path benchmarks (${JMH_ARGS[*]})"
    # shellcheck disable=SC2086
    java $BENCH_DRIVER_JAVA_OPTS -cp "$AEGIS_ROOT/bench/target/classes:$(cat "$CLASSPATH_FILE")" \
        org.openjdk.jmh.Main "${JMH_ARGS[@]}" -rf json -rff "$JMH_JSON" 2>&1 |
        grep --line-buffered -E '^# Benchmark:|^# Parameters:|^Iteration|^Result' || return 1
}

bench_in_process() {
    step "edge publish: JetStreamPublisher against a raw publishAsync loop ($PUBLISH_SAMPLES samples x $RUNS runs)"
    driver publish results="$RESULTS" stream="${STREAM_PREFIX}_P" root="${ROOT_PREFIX}p" \
        samples="$PUBLISH_SAMPLES" runs="$RUNS" limit=120 || return 1
    step "plant simulator: unpaced 6 x 1 kHz run through the edge publisher against a raw publishAsync loop ($SIMULATOR_SAMPLES samples x $RUNS runs)"
    driver simulator results="$RESULTS" stream="${STREAM_PREFIX}_P" root="${ROOT_PREFIX}p" \
        samples="$SIMULATOR_SAMPLES" runs="$RUNS" limit=120 || return 1
    step "micro-batching: one sample per message against 10 ms per-station batches ($BATCHING_SAMPLES samples)"
    driver batching results="$RESULTS" stream="${STREAM_PREFIX}_B" root="${ROOT_PREFIX}b" \
        samples="$BATCHING_SAMPLES" runs="$RUNS" limit=120 || return 1
    step "correlation join, sink stubbed, against a raw pull loop ($JOIN_SAMPLES samples x $RUNS runs)"
    driver join results="$RESULTS" stream="${STREAM_PREFIX}_J" root="${ROOT_PREFIX}j" samples="$JOIN_SAMPLES" \
        runs="$RUNS" limit=180 || return 1
}

bench_query_side() {
    start_jar query-side AEGIS_NATS_STREAM="${STREAM_PREFIX}_S" AEGIS_NATS_SUBJECTROOT="${ROOT_PREFIX}s" \
        AEGIS_NATS_SUBJECT_ROOT="${ROOT_PREFIX}s" AEGIS_CLICKHOUSE_DATABASE="$CH_DB" \
        AEGIS_QUERY_TELEMETRYCONSUMER="bench-telemetry" || return 1
    local pid=$SERVICE_PID port=$SERVICE_PORT status=0
    step "end to end into ClickHouse against clickhouse-client ($STORE_SAMPLES samples x $RUNS runs)"
    driver store results="$RESULTS" stream="${STREAM_PREFIX}_S" root="${ROOT_PREFIX}s" samples="$STORE_SAMPLES" \
        runs="$RUNS" limit=300 clickhouse="$AEGIS_CLICKHOUSE_URL" clickhouseTcp="$AEGIS_CLICKHOUSE_TCP_PORT" \
        database="$CH_DB" servicePort="$port" || status=1
    stop_jar query-side "$pid" "end to end runs, $STORE_SAMPLES samples each"
    ((status == 0)) || return 1
    step "ClickHouse writer batch-size sweep ($SWEEP_SAMPLES rows per point)"
    driver sweep results="$RESULTS" samples="$SWEEP_SAMPLES" runs="$RUNS" clickhouse="$AEGIS_CLICKHOUSE_URL" \
        database="$CH_DB" || return 1
}

bench_command_side() {
    start_jar command-side AEGIS_NATS_STREAM="${STREAM_PREFIX}_C" AEGIS_NATS_SUBJECTROOT="${ROOT_PREFIX}c" \
        AEGIS_NATS_SUBJECT_ROOT="${ROOT_PREFIX}c" \
        AEGIS_POSTGRES_URL="jdbc:postgresql://$AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT/$PG_DB" || return 1
    local pid=$SERVICE_PID status=0
    step "work-order commands against pgbench single-row INSERT ($COMMANDS commands x $RUNS runs)"
    driver commands results="$RESULTS" stream="${STREAM_PREFIX}_C" root="${ROOT_PREFIX}c" commands="$COMMANDS" \
        runs="$RUNS" limit=180 pgbench="$PGBENCH" pgHost="$AEGIS_POSTGRES_HOST" pgPort="$AEGIS_POSTGRES_PORT" \
        pgUser="$AEGIS_POSTGRES_USER" pgDatabase="$PGBENCH_DB" pgbenchSeconds="$PGBENCH_SECONDS" || status=1
    stop_jar command-side "$pid" "command runs, $COMMANDS commands each"
    return $status
}

bench_api() {
    next_free_port
    start_jar api AEGIS_NATS_STREAM="${STREAM_PREFIX}_A" AEGIS_NATS_SUBJECTROOT="${ROOT_PREFIX}a" \
        AEGIS_NATS_SUBJECT_ROOT="${ROOT_PREFIX}a" AEGIS_CLICKHOUSE_DATABASE="$CH_DB" AEGIS_GRPC_PORT="$FREE_PORT" \
        AEGIS_GRPC_ADDRESS=127.0.0.1 || return 1
    local api_pid=$SERVICE_PID api_port=$SERVICE_PORT status=0
    step "time-travel query (GraphQL vinAt) on $TIMETRAVEL_ROWS stored samples against its ClickHouse statements ($TIMETRAVEL_QUERIES queries x $RUNS runs)"
    driver timetravel results="$RESULTS" rows="$TIMETRAVEL_ROWS" queries="$TIMETRAVEL_QUERIES" runs="$RUNS" \
        clickhouse="$AEGIS_CLICKHOUSE_URL" clickhouseTcp="$AEGIS_CLICKHOUSE_TCP_PORT" database="$CH_DB" \
        apiPort="$api_port" credentials="$CREDENTIALS_FILE" || status=1
    if start_jar ml-scorer AEGIS_NATS_STREAM="${STREAM_PREFIX}_A" AEGIS_NATS_SUBJECTROOT="${ROOT_PREFIX}a" \
        AEGIS_NATS_SUBJECT_ROOT="${ROOT_PREFIX}a" AEGIS_CLICKHOUSE_DATABASE="$CH_DB"; then
        local scorer_pid=$SERVICE_PID
        step "alert latency, publish -> SSE, against raw JetStream publish -> consume ($ALERT_SPIKES spikes x $RUNS runs)"
        driver alerts results="$RESULTS" stream="${STREAM_PREFIX}_A" root="${ROOT_PREFIX}a" spikes="$ALERT_SPIKES" \
            runs="$RUNS" apiPort="$api_port" credentials="$CREDENTIALS_FILE" || status=1
        step "cost of $SSE_CLIENTS idle SSE clients: alert bursts of $SSE_ALERTS with and without them ($RUNS runs)"
        driver sse results="$RESULTS" stream="${STREAM_PREFIX}_A" root="${ROOT_PREFIX}a" alerts="$SSE_ALERTS" \
            clients="$SSE_CLIENTS" runs="$RUNS" apiPort="$api_port" apiPid="$api_pid" \
            credentials="$CREDENTIALS_FILE" || status=1
        stop_jar ml-scorer "$scorer_pid" "alert latency runs"
    else
        status=1
    fi
    stop_jar api "$api_pid" "time-travel queries, alert latency runs, idle SSE clients"
    return $status
}

# Starts a ClickHouse of this run's own, on free loopback ports with its data under the scratch directory, from the
# launcher's template; sets OWN_CLICKHOUSE_PID. Only this server is ever stopped by the outage measure.
start_own_clickhouse() {
    local dir="$WORK/clickhouse" binary
    binary=$(clickhouse_binary) || { warn "no clickhouse-server binary for the outage measure"; return 1; }
    if [[ -z ${OWN_CLICKHOUSE_HTTP:-} ]]; then
        mkdir -p "$dir/data" "$dir/logs"
        next_free_port
        OWN_CLICKHOUSE_HTTP=$FREE_PORT
        next_free_port
        OWN_CLICKHOUSE_TCP=$FREE_PORT
        sed -e "s#@DATA@#$dir/data#g" -e "s#@LOGS@#$dir/logs#g" -e "s#@HOST@#127.0.0.1#" \
            -e "s#@HTTP_PORT@#$OWN_CLICKHOUSE_HTTP#" -e "s#@TCP_PORT@#$OWN_CLICKHOUSE_TCP#" \
            "$AEGIS_ROOT/infra/clickhouse/config.xml.template" >"$dir/config.xml"
        sed -e "s#@USER@#default#g" -e "s#@PASSWORD_SHA256@#$(printf '' | sha256sum | cut -d' ' -f1)#" \
            "$AEGIS_ROOT/infra/clickhouse/users.xml.template" >"$dir/users.xml"
    fi
    # shellcheck disable=SC2086 # clickhouse_binary may print "clickhouse server"
    (cd "$dir" && exec $binary --config-file="$dir/config.xml" >>"$dir/logs/stdout.log" 2>&1 </dev/null) &
    OWN_CLICKHOUSE_PID=$!
    BENCH_PIDS+=("$OWN_CLICKHOUSE_PID")
    local deadline=$((SECONDS + 60))
    until [[ $(curl -s --max-time 2 "http://127.0.0.1:$OWN_CLICKHOUSE_HTTP/ping" 2>/dev/null) == Ok.* ]]; do
        if ((SECONDS >= deadline)) || ! kill -0 "$OWN_CLICKHOUSE_PID" 2>/dev/null; then
            warn "own ClickHouse did not start on 127.0.0.1:$OWN_CLICKHOUSE_HTTP; see $dir/logs"
            return 1
        fi
        sleep 0.5
    done
    step "own ClickHouse is up on 127.0.0.1:$OWN_CLICKHOUSE_HTTP (pid $OWN_CLICKHOUSE_PID)"
}

stop_own_clickhouse() {
    kill -TERM "$OWN_CLICKHOUSE_PID" 2>/dev/null || true
    wait "$OWN_CLICKHOUSE_PID" 2>/dev/null || true
}

bench_outage() {
    start_own_clickhouse || return 1
    start_jar query-side AEGIS_NATS_STREAM="${STREAM_PREFIX}_O" AEGIS_NATS_SUBJECTROOT="${ROOT_PREFIX}o" \
        AEGIS_NATS_SUBJECT_ROOT="${ROOT_PREFIX}o" AEGIS_CLICKHOUSE_URL="http://127.0.0.1:$OWN_CLICKHOUSE_HTTP" \
        AEGIS_CLICKHOUSE_DATABASE="$CH_DB" AEGIS_QUERY_TELEMETRYCONSUMER="bench-telemetry" || {
        stop_own_clickhouse
        return 1
    }
    local pid=$SERVICE_PID port=$SERVICE_PORT status=0
    step "query side under a ${OUTAGE_SECONDS} s ClickHouse outage (${OUTAGE_BEFORE} s before, ${OUTAGE_AFTER} s after)"
    driver outage results="$RESULTS" stream="${STREAM_PREFIX}_O" root="${ROOT_PREFIX}o" \
        clickhouse="http://127.0.0.1:$OWN_CLICKHOUSE_HTTP" database="$CH_DB" servicePid="$pid" servicePort="$port" \
        before="$OUTAGE_BEFORE" outage="$OUTAGE_SECONDS" after="$OUTAGE_AFTER" &
    local driver_pid=$!
    sleep "$OUTAGE_BEFORE"
    step "stopping the own ClickHouse (pid $OWN_CLICKHOUSE_PID) for $OUTAGE_SECONDS s"
    stop_own_clickhouse
    sleep "$OUTAGE_SECONDS"
    step "starting the own ClickHouse again"
    start_own_clickhouse || status=1
    wait "$driver_pid" || status=1
    stop_jar query-side "$pid" "steady load with a ${OUTAGE_SECONDS} s ClickHouse outage" "query-side (outage run)"
    stop_own_clickhouse
    return $status
}

FAILED_STEPS=()
for group in bench_jmh bench_in_process bench_query_side bench_command_side bench_api bench_outage; do
    if ! "$group"; then
        warn "$group failed; its measures are reported as not measured"
        FAILED_STEPS+=("$group")
    fi
done

# ---- report -----------------------------------------------------------------------------------------------------

stamp
mkdir -p "$AEGIS_ROOT/docs"
# shellcheck disable=SC2086
java $BENCH_DRIVER_JAVA_OPTS -cp "$AEGIS_ROOT/bench/target/classes:$(cat "$CLASSPATH_FILE")" io.aegis.bench.Report \
    "$RESULTS" "$JMH_JSON" "$WORK/stamp.json" "$AEGIS_ROOT/docs/benchmarks.md" "$AEGIS_ROOT/docs/benchmarks.json"
step "wrote docs/benchmarks.md and docs/benchmarks.json"
((${#FAILED_STEPS[@]} == 0)) || die "these groups failed: ${FAILED_STEPS[*]}; see the warnings above and $LOG_DIR/bench-*.log"
