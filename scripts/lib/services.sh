# shellcheck shell=bash
# Builds, starts, watches and stops the Aegis services.

# Services, each named like its Maven module, in start order; they stop in reverse.
SERVICES=(command-side query-side ml-scorer api edge-bridge)

service_port() {
    case "$1" in
        command-side) echo "$AEGIS_COMMAND_PORT" ;;
        query-side) echo "$AEGIS_QUERY_PORT" ;;
        ml-scorer) echo "$AEGIS_SCORER_PORT" ;;
        api) echo "$AEGIS_API_PORT" ;;
        edge-bridge) echo "$AEGIS_EDGE_PORT" ;;
    esac
}

service_port_variable() {
    case "$1" in
        command-side) echo AEGIS_COMMAND_PORT ;;
        query-side) echo AEGIS_QUERY_PORT ;;
        ml-scorer) echo AEGIS_SCORER_PORT ;;
        api) echo AEGIS_API_PORT ;;
        edge-bridge) echo AEGIS_EDGE_PORT ;;
    esac
}

service_jar() {
    ls "$AEGIS_ROOT/$1"/target/"$1"-*-exec.jar 2>/dev/null | head -n 1
}

# Succeeds when every service jar exists and no source file of the project is newer than the oldest jar.
jars_current() {
    local oldest="" service jar
    for service in "${SERVICES[@]}"; do
        jar=$(service_jar "$service")
        [[ -n $jar ]] || return 1
        [[ -z $oldest || $jar -ot $oldest ]] && oldest=$jar
    done
    [[ -z $(find "$AEGIS_ROOT" -path "$AEGIS_ROOT/.aegis" -prune -o -path '*/node_modules' -prune \
        -o -path '*/target' -prune -o \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' -o -name '*.ts' \
        -o -name '*.tsx' -o -name '*.yml' -o -name '*.graphqls' -o -name '*.sql' \) -newer "$oldest" -print -quit) ]]
}

build_if_needed() {
    if jars_current; then
        info "build is current"
        return
    fi
    command -v mvn >/dev/null || apt_install maven || die "Maven is missing: install it (Debian: apt-get install maven)"
    command -v npm >/dev/null || apt_install nodejs npm ||
        die "npm is missing: install Node.js 20 and npm (Debian: apt-get install nodejs npm)"
    info "building Aegis (mvn package, tests skipped; log in $LOG_DIR/build.log)"
    (cd "$AEGIS_ROOT" && mvn -B package -DskipTests -Dspotless.check.skip=true >"$LOG_DIR/build.log" 2>&1) ||
        die "the build failed; last lines of $LOG_DIR/build.log:"$'\n'"$(tail -n 30 "$LOG_DIR/build.log")"
}

# Names the program that listens on PORT, where ss can tell.
port_owner() {
    ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -n 1 |
        sed -e 's/users:(("//' -e 's/",pid=/ pid /'
}

check_port_free() {
    local variable=$1 port=$2
    if port_open 127.0.0.1 "$port"; then
        local owner
        owner=$(port_owner "$port")
        die "$variable=$port: the port is taken${owner:+ by $owner}. Stop that program (./aegis stop if it is" \
            "an earlier Aegis run) or set $variable to a free port."
    fi
}

health_up() {
    curl -s --max-time 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'
}

# Starts SERVICE with extra environment assignments given as further arguments.
start_service() {
    local service=$1
    shift
    local jar port
    jar=$(service_jar "$service")
    [[ -n $jar ]] || die "no jar for $service under $service/target; run the build (mvn package)"
    port=$(service_port "$service")
    check_port_free "$(service_port_variable "$service")" "$port"
    [[ $service == api ]] && check_port_free AEGIS_GRPC_PORT "$AEGIS_GRPC_PORT"
    info "starting $service on :$port (log: ./aegis logs $service)"
    # shellcheck disable=SC2086 # AEGIS_JAVA_OPTS is a list of JVM options
    (cd "$AEGIS_ROOT" && exec env SERVER_PORT="$port" "$@" setsid java $AEGIS_JAVA_OPTS -jar "$jar" \
        >"$LOG_DIR/$service.log" 2>&1 </dev/null) &
    record_pid "$service" $!
}

wait_healthy() {
    local service=$1 seconds=${2:-120} port
    port=$(service_port "$service")
    local deadline=$((SECONDS + seconds))
    until health_up "$port"; do
        if ! is_running "$service"; then
            die "$service exited during startup; last lines of its log:"$'\n'"$(tail -n 25 "$LOG_DIR/$service.log")"
        fi
        ((SECONDS < deadline)) || die "$service did not report healthy on :$port within ${seconds}s;" \
            "see ./aegis logs $service"
        sleep 1
    done
    info "$service is up"
}

# Prints one counter from a service's Micrometer endpoint, or 0.
service_metric() {
    curl -s --max-time 2 "http://127.0.0.1:$1/actuator/metrics/$2" 2>/dev/null |
        grep -o '"value":[-0-9.E]*' | head -n 1 | cut -d: -f2 | awk '{printf "%d", $1}'
}

clickhouse_count() {
    local n
    n=$(clickhouse_query "SELECT count() FROM $AEGIS_CLICKHOUSE_DATABASE.$1" 2>/dev/null)
    [[ $n =~ ^[0-9]+$ ]] && echo "$n" || echo 0
}

# Prints a summary line every INTERVAL seconds until interrupted.
print_summary_loop() {
    local interval=${1:-5} previous now rate rows alerts
    previous=$(service_metric "$AEGIS_EDGE_PORT" aegis.edge.samples.published)
    while true; do
        sleep "$interval"
        now=$(service_metric "$AEGIS_EDGE_PORT" aegis.edge.samples.published)
        rate=$(((${now:-0} - ${previous:-0}) / interval))
        previous=$now
        rows=$(clickhouse_count telemetry)
        alerts=$(clickhouse_count "alerts FINAL")
        printf '%s  published %7s samples/s  (%s total)   rows stored %9s   alerts raised %5s\n' \
            "$(date +%H:%M:%S)" "$rate" "${now:-0}" "$rows" "$alerts"
        for service in "${STARTED[@]}"; do
            is_running "$service" || warn "$service has stopped; see ./aegis logs $service"
        done
    done
}

stop_started() {
    local i
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
        stop_recorded "${STARTED[i]}" 30
    done
    STARTED=()
}
