# shellcheck shell=bash
# The launcher's commands.

cmd_demo() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --stations) AEGIS_SIM_STATIONS=${2:?--stations needs a number}; shift 2 ;;
            --rate) AEGIS_SIM_RATE_HZ=${2:?--rate needs samples per second per station}; shift 2 ;;
            --seed) AEGIS_SIM_SEED=${2:?--seed needs a number}; shift 2 ;;
            --train-at) AEGIS_TRAIN_AT=${2:?--train-at needs a UTC time as HH:MM}; shift 2 ;;
            *) die "demo: unknown option '$1' (options: --stations N, --rate HZ, --seed N, --train-at HH:MM)" ;;
        esac
    done
    [[ $AEGIS_SIM_STATIONS =~ ^[1-9][0-9]*$ ]] || die "--stations/AEGIS_SIM_STATIONS='$AEGIS_SIM_STATIONS': use a whole number of at least 1"
    [[ -z ${AEGIS_TRAIN_AT:-} || $AEGIS_TRAIN_AT =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] ||
        die "--train-at/AEGIS_TRAIN_AT='$AEGIS_TRAIN_AT': use a UTC time of day as HH:MM, for example 02:00"
    [[ $AEGIS_SIM_RATE_HZ =~ ^[1-9][0-9]*$ ]] && ((AEGIS_SIM_RATE_HZ <= 1000)) ||
        die "--rate/AEGIS_SIM_RATE_HZ='$AEGIS_SIM_RATE_HZ': use a whole number of samples per second from 1 to 1000"

    trap stop_on_signal INT TERM
    trap stop_on_exit EXIT
    check_service_ports
    ensure_infrastructure
    build_if_needed
    ensure_dev_credentials
    start_backend
    start_simulator
    [[ -n ${AEGIS_TRAIN_AT:-} ]] && start_training_schedule "$AEGIS_TRAIN_AT"
    print_welcome
    print_summary_loop 5
}

# Runs ./aegis train every day at HH:MM UTC while the demo runs; the scorer picks up each new model from its
# model folder. Production schedules the same command with cron or a systemd timer (docs/foresight.md).
start_training_schedule() {
    local at=$1
    (
        # Children run in the background and are awaited, so the TERM trap fires at once and ends them too.
        trap 'kill "$pause" "$job" 2>/dev/null; exit 0' TERM
        local pause="" job=""
        while true; do
            local now next
            now=$(date -u +%s)
            next=$(date -u -d "today $at" +%s)
            ((next > now)) || next=$(date -u -d "tomorrow $at" +%s)
            sleep $((next - now)) &
            pause=$!
            wait "$pause"
            info "training a Foresight model (log: ./aegis logs train)"
            "$AEGIS_ROOT/aegis" train >>"$LOG_DIR/train.log" 2>&1 &
            job=$!
            wait "$job" || warn "training failed; see ./aegis logs train"
        done
    ) &
    record_pid training-schedule $!
    info "training scheduled every day at $at UTC (log: ./aegis logs train)"
}

# Stops with a message naming the setting when any service port is taken, before anything is started.
check_service_ports() {
    local service
    for service in "${SERVICES[@]}"; do
        check_port_free "$(service_port_variable "$service")" "$(service_port "$service")"
    done
    check_port_free AEGIS_GRPC_PORT "$AEGIS_GRPC_PORT"
}

# Starts every service except the edge bridge and waits until each reports healthy.
start_backend() {
    local service
    for service in command-side query-side ml-scorer api; do
        start_service "$service"
    done
    for service in command-side query-side ml-scorer api; do
        wait_healthy "$service" 180
    done
}

start_simulator() {
    start_service edge-bridge AEGIS_SIMULATOR_ENABLED=true AEGIS_SIMULATOR_STATIONS="$AEGIS_SIM_STATIONS" \
        AEGIS_SIMULATOR_RATEHZ="$AEGIS_SIM_RATE_HZ" AEGIS_SIMULATOR_SEED="$AEGIS_SIM_SEED" \
        AEGIS_SIMULATOR_GROUNDTRUTHDIR="${AEGIS_GROUND_TRUTH_DIR:-$AEGIS_HOME/ground-truth}"
    wait_healthy edge-bridge 120
}

print_welcome() {
    cat <<WELCOME

${BOLD}Aegis is running${RESET}: $AEGIS_SIM_STATIONS simulated stations at $AEGIS_SIM_RATE_HZ samples/s each (seed $AEGIS_SIM_SEED).

  Dashboard     http://127.0.0.1:$AEGIS_API_PORT/
  GraphQL       http://127.0.0.1:$AEGIS_API_PORT/graphiql
  Live alerts   curl -N -H "X-API-Key: $(dev_api_key supervisor)" http://127.0.0.1:$AEGIS_API_PORT/api/alerts/stream
  ClickHouse    clickhouse-client --port $AEGIS_CLICKHOUSE_TCP_PORT -q 'SELECT * FROM $AEGIS_CLICKHOUSE_DATABASE.telemetry FINAL LIMIT 5'
  Credentials   $CREDENTIALS_FILE (one development API key per role)
  Ground truth  $AEGIS_HOME/ground-truth/

Press Ctrl-C to stop everything this run started.

WELCOME
}

cmd_test() {
    local maven=1
    case "${1:-}" in
        "") ;;
        --e2e-only) maven=0 ;;
        *) die "test: unknown option '$1' (option: --e2e-only, which skips mvn verify and builds only what is missing)" ;;
    esac
    trap stop_on_exit EXIT
    trap 'echo; info "interrupted"; exit 130' INT TERM
    ensure_test_tools
    ensure_infrastructure
    ensure_dev_credentials
    if ((maven == 0)); then
        build_if_needed
        run_end_to_end_tests
        return
    fi
    info "running the Maven test suite (mvn verify; full log in $LOG_DIR/test.log)"
    local status=0
    (cd "$AEGIS_ROOT" && mvn -B verify) > >(tee "$LOG_DIR/test.log" |
        grep --line-buffered -E '^\[INFO\] (Building |BUILD|Tests run:)|^\[(ERROR|WARNING)\] Tests run:|^\[ERROR\] ') 2>&1 ||
        status=$?
    ((status == 0)) || die "the Maven test suite failed (exit $status); see $LOG_DIR/test.log"
    run_end_to_end_tests
}

# Installs what the tests need beyond the build tools: Chromium for the browser tests and the Debian Python
# packages that model training uses.
ensure_test_tools() {
    local missing=()
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    /usr/bin/python3 -c 'import sklearn, numpy, onnx' 2>/dev/null || missing+=(python3-sklearn python3-numpy python3-onnx)
    if ((${#missing[@]})); then
        apt_install "${missing[@]}" || die "missing test tools: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]})."
    fi
}

# Starts the whole stack from the freshly built jars and runs the black-box tests in e2e/ against it. The run
# uses its own stream, subject root and databases, emptied first, so it neither reads nor changes demo data.
run_end_to_end_tests() {
    info "installing the end-to-end test dependencies (npm ci in e2e/)"
    (cd "$AEGIS_ROOT/e2e" && npm ci --no-audit --no-fund >"$LOG_DIR/e2e-npm.log" 2>&1) ||
        die "npm ci in e2e/ failed; see $LOG_DIR/e2e-npm.log"
    check_service_ports
    use_end_to_end_state
    start_backend
    info "running the end-to-end tests against the backend (node --test tests/backend)"
    run_node_tests tests/backend
    # The plant tests compare with this run's ground truth only, so it goes to a folder of its own.
    export AEGIS_GROUND_TRUTH_DIR="$AEGIS_HOME/e2e-ground-truth"
    rm -rf "$AEGIS_GROUND_TRUTH_DIR"
    start_simulator
    info "running the end-to-end tests against the simulated plant (node --test tests/plant)"
    run_node_tests tests/plant
}

run_node_tests() {
    (cd "$AEGIS_ROOT/e2e" && node --test --test-concurrency=1 --test-reporter=spec "$1"/) ||
        die "end-to-end tests in e2e/$1 failed; service logs are in $LOG_DIR, screenshots in e2e/artifacts"
}

use_end_to_end_state() {
    export AEGIS_NATS_STREAM=AEGIS_E2E AEGIS_NATS_SUBJECT_ROOT=aegise2e AEGIS_NATS_SUBJECTROOT=aegise2e
    export AEGIS_POSTGRES_DB=aegis_e2e AEGIS_CLICKHOUSE_DATABASE=aegis_e2e
    export AEGIS_POSTGRES_URL="jdbc:postgresql://$AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT/$AEGIS_POSTGRES_DB"
    info "resetting the end-to-end state (stream $AEGIS_NATS_STREAM, databases $AEGIS_POSTGRES_DB)"
    (cd "$AEGIS_ROOT/e2e" && node lib/reset-stream.js) || die "cannot delete the NATS stream $AEGIS_NATS_STREAM"
    psql_run -d postgres -c "DROP DATABASE IF EXISTS \"$AEGIS_POSTGRES_DB\" WITH (FORCE)" >/dev/null ||
        die "cannot drop the PostgreSQL database $AEGIS_POSTGRES_DB"
    check_postgres
    clickhouse_query "DROP DATABASE IF EXISTS $AEGIS_CLICKHOUSE_DATABASE" >/dev/null ||
        die "cannot drop the ClickHouse database $AEGIS_CLICKHOUSE_DATABASE"
}

# Finds or starts the three servers and leaves them running, for working on one service at a time.
cmd_infra() {
    trap stop_on_exit EXIT
    ensure_infrastructure
    trap - EXIT
    info "infrastructure is ready; ./aegis stop ends what this command started"
}

cmd_credentials() {
    ensure_dev_credentials
    info "development credentials in $CREDENTIALS_FILE; send a key as the X-API-Key header:"
    local role
    for role in "${ROLES[@]}"; do
        printf '  %-11s %s\n' "$role" "$(dev_api_key "$role")"
    done
}

cmd_stop() {
    local found=0 file name
    for file in "$RUN_DIR"/*.pid; do
        [[ -e $file ]] || continue
        found=1
    done
    ((found)) || { info "nothing to stop"; return; }
    # Services first, newest first, then the servers they use.
    for name in edge-bridge api ml-scorer query-side command-side clickhouse postgres nats-server; do
        [[ -e $RUN_DIR/$name.pid ]] && stop_recorded "$name" 30
    done
    for file in "$RUN_DIR"/*.pid; do
        [[ -e $file ]] && stop_recorded "$(basename "$file" .pid)" 30
    done
    return 0
}

cmd_status() {
    local name pid state port
    printf '%-14s %-8s %-8s %s\n' PROCESS PID PORT STATE
    for name in "${SERVICES[@]}"; do
        port=$(service_port "$name")
        pid=$(pid_of "$name" || true)
        if is_running "$name"; then
            health_up "$port" && state=healthy || state="running, not healthy"
        else
            state="not running"
            pid=-
        fi
        printf '%-14s %-8s %-8s %s\n' "$name" "${pid:--}" "$port" "$state"
    done
    printf '%-14s %-8s %-8s %s\n' nats "$(pid_of nats-server || echo -)" "$NATS_PORT" \
        "$(port_open "$NATS_HOST" "$NATS_PORT" && echo listening || echo 'not listening')"
    printf '%-14s %-8s %-8s %s\n' postgres "$(pid_of postgres || echo -)" "$AEGIS_POSTGRES_PORT" \
        "$(port_open "$AEGIS_POSTGRES_HOST" "$AEGIS_POSTGRES_PORT" && echo listening || echo 'not listening')"
    printf '%-14s %-8s %-8s %s\n' clickhouse "$(pid_of clickhouse || echo -)" "$AEGIS_CLICKHOUSE_HTTP_PORT" \
        "$(clickhouse_ping && echo listening || echo 'not listening')"
}

cmd_logs() {
    local name=${1:-}
    [[ -n $name ]] || die "logs: name a service (command-side, query-side, ml-scorer, api, edge-bridge, clickhouse, nats-server, postgres, build, test)"
    local file="$LOG_DIR/$name.log"
    [[ $name == clickhouse ]] && file="$AEGIS_HOME/clickhouse/logs/clickhouse-server.log"
    [[ -e $file ]] || die "logs: no log for '$name' at $file"
    exec tail -n 200 -F "$file"
}

cmd_format() {
    (cd "$AEGIS_ROOT" && mvn -B -q spotless:apply)
}

cmd_bench() {
    exec "$AEGIS_ROOT/scripts/bench.sh" "$@"
}

cmd_train() {
    ensure_test_tools
    ensure_clickhouse
    exec /usr/bin/python3 "$AEGIS_ROOT/ml-scorer/training/train.py" "$@"
}
