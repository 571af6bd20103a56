# shellcheck shell=bash
# Finds or starts NATS, PostgreSQL and ClickHouse. For each server, in this order: a server already listening on
# the configured address; a locally installed server binary, started with its data under $AEGIS_HOME; on Debian or
# Ubuntu as root, the distribution package, installed and then started the same way; `docker compose up -d`
# where a Docker engine runs; otherwise a message that names what to install. Servers the launcher starts are
# recorded in $RUN_DIR, so `./aegis stop` ends them and nothing else.

url_host() { local rest=${1#*://}; rest=${rest%%/*}; echo "${rest%:*}"; }
url_port() { local rest=${1#*://}; rest=${rest%%/*}; echo "${rest##*:}"; }

ensure_infrastructure() {
    ensure_nats
    ensure_postgres
    ensure_clickhouse
}

# Reports a configured remote server that does not answer: the launcher never starts servers on other hosts.
die_unreachable() {
    die "$1=$2: nothing answers at $3:$4 and it is not a loopback address, so the launcher will not start a server" \
        "there. Start it, or unset $1 to use a local one."
}

# Starts one infrastructure service from docker-compose.yml. The images there need passwords, so an empty
# password setting takes the file's default ("aegis").
compose_up() {
    docker_usable || return 1
    : "${AEGIS_POSTGRES_PASSWORD:=aegis}" "${AEGIS_CLICKHOUSE_PASSWORD:=aegis}"
    export AEGIS_POSTGRES_PASSWORD AEGIS_CLICKHOUSE_PASSWORD
    info "starting $1 with docker compose"
    docker compose -f "$AEGIS_ROOT/docker-compose.yml" up -d "$1" >>"$LOG_DIR/docker.log" 2>&1
}

# ---- NATS -----------------------------------------------------------------------------------------------------

NATS_HOST=$(url_host "$AEGIS_NATS_URL")
NATS_PORT=$(url_port "$AEGIS_NATS_URL")

# Prints the INFO line a NATS server sends on connect, or nothing.
nats_info() {
    timeout 2 bash -c "exec 3<>/dev/tcp/$NATS_HOST/$NATS_PORT; head -n 1 <&3" 2>/dev/null
}

# Sends CONNECT with the configured credentials and prints the server's first answer (+OK, PONG or -ERR ...).
nats_handshake() {
    local connect='{"verbose":true,"pedantic":false,"name":"aegis-launcher"'
    if [[ -n $AEGIS_NATS_USER ]]; then
        connect+=",\"user\":\"$AEGIS_NATS_USER\",\"pass\":\"$AEGIS_NATS_PASSWORD\""
    fi
    connect+='}'
    timeout 3 bash -c "exec 3<>/dev/tcp/$NATS_HOST/$NATS_PORT; head -n 1 <&3 >/dev/null;
        printf 'CONNECT %s\r\nPING\r\n' '$connect' >&3; head -n 1 <&3" 2>/dev/null | tr -d '\r'
}

check_nats() {
    local info_line answer
    info_line=$(nats_info) || true
    [[ $info_line == INFO* ]] || die "AEGIS_NATS_URL=$AEGIS_NATS_URL: something listens on $NATS_HOST:$NATS_PORT" \
        "but it is not a NATS server. Point AEGIS_NATS_URL at NATS or free the port."
    [[ $info_line == *'"jetstream":true'* ]] || die "AEGIS_NATS_URL=$AEGIS_NATS_URL: this NATS server runs" \
        "without JetStream. Restart it with -js (nats-server -js -sd DIR)."
    answer=$(nats_handshake) || true
    case "$answer" in
        +OK* | PONG*) ;;
        *Authorization*) die "AEGIS_NATS_USER='$AEGIS_NATS_USER': NATS at $AEGIS_NATS_URL rejected the credentials" \
            "(AEGIS_NATS_PASSWORD is $(set_or_empty "$AEGIS_NATS_PASSWORD")). Fix the user or password." ;;
        *) die "AEGIS_NATS_URL=$AEGIS_NATS_URL: NATS handshake failed: ${answer:-no answer}" ;;
    esac
}

start_local_nats() {
    local binary
    binary=$(command -v nats-server) || return 1
    local data="$AEGIS_HOME/nats"
    mkdir -p "$data"
    local args=(-a "$NATS_HOST" -p "$NATS_PORT" -js -sd "$data" -l "$LOG_DIR/nats-server.log")
    if [[ -n $AEGIS_NATS_USER ]]; then
        args+=(--user "$AEGIS_NATS_USER" --pass "$AEGIS_NATS_PASSWORD")
    fi
    info "starting nats-server on $NATS_HOST:$NATS_PORT (data in $data)"
    setsid "$binary" "${args[@]}" >>"$LOG_DIR/nats-server.log" 2>&1 </dev/null &
    record_pid nats-server $!
    wait_until 15 port_open "$NATS_HOST" "$NATS_PORT" ||
        die "nats-server did not start on $NATS_HOST:$NATS_PORT within 15 s; see $LOG_DIR/nats-server.log"
}

ensure_nats() {
    if port_open "$NATS_HOST" "$NATS_PORT"; then
        check_nats
        info "NATS: using the server at $AEGIS_NATS_URL"
        return
    fi
    is_loopback "$NATS_HOST" || die_unreachable AEGIS_NATS_URL "$AEGIS_NATS_URL" "$NATS_HOST" "$NATS_PORT"
    if start_local_nats || { apt_install nats-server && start_local_nats; }; then
        check_nats
        return
    fi
    if compose_up nats && wait_until 30 port_open "$NATS_HOST" "$NATS_PORT"; then
        check_nats
        return
    fi
    die "NATS: nothing listens at $AEGIS_NATS_URL and no nats-server binary was found. Install nats-server" \
        "(Debian: apt-get install nats-server) or Docker, or set AEGIS_NATS_URL to a running server."
}

# ---- PostgreSQL -----------------------------------------------------------------------------------------------

psql_run() {
    PGPASSWORD="$AEGIS_POSTGRES_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 \
        -h "$AEGIS_POSTGRES_HOST" -p "$AEGIS_POSTGRES_PORT" -U "$AEGIS_POSTGRES_USER" "$@"
}

check_postgres() {
    command -v psql >/dev/null || apt_install postgresql-client ||
        die "psql is missing: install the PostgreSQL client (Debian: apt-get install postgresql-client)"
    local output
    if ! output=$(psql_run -d postgres -Atc 'SELECT 1' 2>&1); then
        case "$output" in
            *password* | *authentication* | *role*) die "AEGIS_POSTGRES_USER=$AEGIS_POSTGRES_USER: PostgreSQL at" \
                "$AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT rejected the login (AEGIS_POSTGRES_PASSWORD is" \
                "$(set_or_empty "$AEGIS_POSTGRES_PASSWORD")): ${output//$'\n'/ }" ;;
            *) die "AEGIS_POSTGRES_PORT=$AEGIS_POSTGRES_PORT: the server at $AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT" \
                "is not a usable PostgreSQL server: ${output//$'\n'/ }" ;;
        esac
    fi
    local exists
    exists=$(psql_run -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$AEGIS_POSTGRES_DB'")
    if [[ $exists != 1 ]]; then
        info "creating PostgreSQL database $AEGIS_POSTGRES_DB"
        psql_run -d postgres -c "CREATE DATABASE \"$AEGIS_POSTGRES_DB\"" >/dev/null ||
            die "AEGIS_POSTGRES_DB=$AEGIS_POSTGRES_DB: cannot create the database as $AEGIS_POSTGRES_USER"
    fi
}

# Starts a private cluster from the newest installed PostgreSQL, owned by the postgres system user when root
# (the server refuses to run as root).
start_local_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $bin && -x $bin/initdb ]] || bin=$(dirname "$(command -v initdb 2>/dev/null)" 2>/dev/null)
    [[ -n $bin && -x $bin/initdb ]] || return 1
    local data="$AEGIS_HOME/postgres" run_as=()
    if is_root; then
        id postgres >/dev/null 2>&1 || return 1
        run_as=(runuser -u postgres --)
    fi
    mkdir -p "$data"
    touch "$LOG_DIR/postgres.log"
    is_root && chown postgres "$data" "$LOG_DIR/postgres.log"
    if [[ ! -s $data/PG_VERSION ]]; then
        info "initialising a PostgreSQL cluster in $data"
        local pwfile
        pwfile=$(mktemp)
        printf '%s\n' "${AEGIS_POSTGRES_PASSWORD:-aegis}" >"$pwfile"
        is_root && chown postgres "$pwfile"
        local auth=trust
        [[ -n $AEGIS_POSTGRES_PASSWORD ]] && auth=scram-sha-256
        "${run_as[@]}" "$bin/initdb" -D "$data" -U "$AEGIS_POSTGRES_USER" --pwfile="$pwfile" --auth="$auth" \
            >>"$LOG_DIR/postgres.log" 2>&1 || { rm -f "$pwfile"; return 1; }
        rm -f "$pwfile"
    fi
    info "starting PostgreSQL on $AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT (data in $data)"
    "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$LOG_DIR/postgres.log" -w -t 30 \
        -o "-h $AEGIS_POSTGRES_HOST -p $AEGIS_POSTGRES_PORT -k $data" start >/dev/null || return 1
    record_pid postgres "$(head -n 1 "$data/postmaster.pid")"
}

ensure_postgres() {
    if port_open "$AEGIS_POSTGRES_HOST" "$AEGIS_POSTGRES_PORT"; then
        check_postgres
        info "PostgreSQL: using the server at $AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT"
        return
    fi
    is_loopback "$AEGIS_POSTGRES_HOST" || die_unreachable AEGIS_POSTGRES_HOST "$AEGIS_POSTGRES_HOST" \
        "$AEGIS_POSTGRES_HOST" "$AEGIS_POSTGRES_PORT"
    if start_local_postgres || { apt_install postgresql && start_local_postgres; } ||
        { compose_up postgres && wait_until 60 port_open "$AEGIS_POSTGRES_HOST" "$AEGIS_POSTGRES_PORT"; }; then
        wait_until 30 psql_run -d postgres -Atc 'SELECT 1' >/dev/null 2>&1
        check_postgres
        return
    fi
    die "PostgreSQL: nothing listens at $AEGIS_POSTGRES_HOST:$AEGIS_POSTGRES_PORT and no server could be started." \
        "Install PostgreSQL (Debian: apt-get install postgresql) or Docker, or set AEGIS_POSTGRES_HOST/PORT."
}

# ---- ClickHouse -----------------------------------------------------------------------------------------------

# Runs one ClickHouse query over HTTP and prints the answer. The credentials go to curl on standard input, so
# they never appear in a process listing.
clickhouse_query() {
    printf 'user = "%s:%s"\n' "$AEGIS_CLICKHOUSE_USER" "$AEGIS_CLICKHOUSE_PASSWORD" |
        curl -sS --max-time 10 --config - --data-binary "$1" "$AEGIS_CLICKHOUSE_URL/"
}

clickhouse_ping() {
    [[ $(curl -s --max-time 2 "$AEGIS_CLICKHOUSE_URL/ping" 2>/dev/null) == Ok.* ]]
}

check_clickhouse() {
    clickhouse_ping || die "AEGIS_CLICKHOUSE_HTTP_PORT=$AEGIS_CLICKHOUSE_HTTP_PORT: something listens on" \
        "$AEGIS_CLICKHOUSE_HOST:$AEGIS_CLICKHOUSE_HTTP_PORT but it does not answer ClickHouse's /ping." \
        "Point AEGIS_CLICKHOUSE_HOST/HTTP_PORT at ClickHouse's HTTP interface or free the port."
    local answer
    answer=$(clickhouse_query 'SELECT version()' 2>&1) || true
    case "$answer" in
        [0-9]*) CLICKHOUSE_VERSION=$answer ;;
        *"Code: 516"* | *"Code: 192"* | *"Code: 193"* | *password* | *Authentication*)
            die "AEGIS_CLICKHOUSE_USER=$AEGIS_CLICKHOUSE_USER: ClickHouse at $AEGIS_CLICKHOUSE_URL rejected the" \
                "login (AEGIS_CLICKHOUSE_PASSWORD is $(set_or_empty "$AEGIS_CLICKHOUSE_PASSWORD"))." ;;
        *) die "AEGIS_CLICKHOUSE_URL=$AEGIS_CLICKHOUSE_URL: ClickHouse query failed: ${answer//$'\n'/ }" ;;
    esac
}

clickhouse_binary() {
    if command -v clickhouse-server >/dev/null; then
        echo clickhouse-server
    elif command -v clickhouse >/dev/null; then
        echo "clickhouse server"
    else
        return 1
    fi
}

start_local_clickhouse() {
    local binary
    binary=$(clickhouse_binary) || return 1
    local dir="$AEGIS_HOME/clickhouse"
    mkdir -p "$dir/data" "$dir/logs"
    local listen=$AEGIS_CLICKHOUSE_HOST
    [[ $listen == localhost ]] && listen=127.0.0.1
    sed -e "s#@DATA@#$dir/data#g" -e "s#@LOGS@#$dir/logs#g" -e "s#@HOST@#$listen#" \
        -e "s#@HTTP_PORT@#$AEGIS_CLICKHOUSE_HTTP_PORT#" -e "s#@TCP_PORT@#$AEGIS_CLICKHOUSE_TCP_PORT#" \
        "$AEGIS_ROOT/infra/clickhouse/config.xml.template" >"$dir/config.xml"
    local hash
    hash=$(printf '%s' "$AEGIS_CLICKHOUSE_PASSWORD" | sha256sum | cut -d' ' -f1)
    sed -e "s#@USER@#$AEGIS_CLICKHOUSE_USER#g" -e "s#@PASSWORD_SHA256@#$hash#" \
        "$AEGIS_ROOT/infra/clickhouse/users.xml.template" >"$dir/users.xml"
    port_open "$listen" "$AEGIS_CLICKHOUSE_TCP_PORT" && die "AEGIS_CLICKHOUSE_TCP_PORT=$AEGIS_CLICKHOUSE_TCP_PORT:" \
        "the port is taken by another program, so ClickHouse cannot start there. Choose another port."
    info "starting ClickHouse ($binary) on $listen:$AEGIS_CLICKHOUSE_HTTP_PORT (data in $dir/data)"
    (cd "$dir" && exec setsid $binary --config-file="$dir/config.xml" >>"$dir/logs/stdout.log" 2>&1 </dev/null) &
    record_pid clickhouse $!
    wait_until 60 clickhouse_ping ||
        die "ClickHouse did not answer within 60 s; see $dir/logs/clickhouse-server.err.log"
}

ensure_clickhouse() {
    if port_open "$AEGIS_CLICKHOUSE_HOST" "$AEGIS_CLICKHOUSE_HTTP_PORT"; then
        check_clickhouse
        info "ClickHouse: using the server at $AEGIS_CLICKHOUSE_URL (version $CLICKHOUSE_VERSION)"
        return
    fi
    is_loopback "$AEGIS_CLICKHOUSE_HOST" || die_unreachable AEGIS_CLICKHOUSE_HOST "$AEGIS_CLICKHOUSE_HOST" \
        "$AEGIS_CLICKHOUSE_HOST" "$AEGIS_CLICKHOUSE_HTTP_PORT"
    if start_local_clickhouse || { apt_install clickhouse-server clickhouse-client && start_local_clickhouse; } ||
        { compose_up clickhouse && wait_until 60 clickhouse_ping; }; then
        check_clickhouse
        info "ClickHouse: version $CLICKHOUSE_VERSION"
        return
    fi
    die "ClickHouse: nothing listens at $AEGIS_CLICKHOUSE_URL and no server could be started. Install ClickHouse" \
        "(Debian: apt-get install clickhouse-server) or Docker, or set AEGIS_CLICKHOUSE_HOST/HTTP_PORT."
}
