# shellcheck shell=bash
# Output helpers and small predicates shared by the launcher's commands.

if [[ -t 1 ]]; then
    BOLD=$'\e[1m' RED=$'\e[31m' GREEN=$'\e[32m' YELLOW=$'\e[33m' RESET=$'\e[0m'
else
    BOLD="" RED="" GREEN="" YELLOW="" RESET=""
fi

info() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
warn() { printf '%swarning:%s %s\n' "$YELLOW" "$RESET" "$*" >&2; }
die() {
    printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2
    exit 1
}

# Succeeds when something accepts TCP connections on HOST PORT within one second.
port_open() {
    timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Succeeds when HOST is a loopback name or address, where the launcher may start servers of its own.
is_loopback() {
    case "$1" in
        localhost | 127.* | ::1 | "[::1]") return 0 ;;
        *) return 1 ;;
    esac
}

# Prints "set" or "empty" for a secret, so messages can mention it without showing it.
set_or_empty() { [[ -n $1 ]] && echo set || echo empty; }

is_root() { [[ $(id -u) -eq 0 ]]; }

is_debian_like() { [[ -r /etc/debian_version ]] && command -v apt-get >/dev/null; }

docker_usable() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

APT_UPDATED=""
# Installs Debian packages by name when running as root on Debian or Ubuntu; fails otherwise.
apt_install() {
    is_root && is_debian_like || return 1
    if [[ -z $APT_UPDATED ]]; then
        info "updating the package lists (apt-get update)"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >"$LOG_DIR/apt.log" 2>&1 || return 1
        APT_UPDATED=1
    fi
    info "installing $* (apt-get install)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1
}

# Waits up to SECONDS for COMMAND to succeed, polling every half second.
wait_until() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# Names of what this run of the launcher started, oldest first; only these are stopped when it exits.
STARTED=()

# Records that the launcher started NAME with PID, so this run and `./aegis stop` end it and nothing else.
record_pid() {
    echo "$2" >"$RUN_DIR/$1.pid"
    STARTED+=("$1")
}

pid_of() { [[ -r $RUN_DIR/$1.pid ]] && cat "$RUN_DIR/$1.pid"; }

is_running() {
    local pid
    pid=$(pid_of "$1") || return 1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# Stops what this run started when the launcher is interrupted or exits. Output may go to a pipe whose reader died
# with the same Ctrl-C (./aegis demo | tee log), so write errors and further signals must not cut the clean-up short.
stop_on_exit() {
    trap '' PIPE INT TERM
    set +e
    stop_started
}

stop_on_signal() {
    trap '' PIPE INT TERM
    set +e
    echo
    info "stopping"
    stop_started
    exit 0
}

# Stops the process recorded for NAME: SIGTERM, then SIGKILL after TIMEOUT seconds.
stop_recorded() {
    local name=$1 timeout=${2:-20} pid
    pid=$(pid_of "$name") || return 0
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        local deadline=$((SECONDS + timeout))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
        if kill -0 "$pid" 2>/dev/null; then
            warn "$name (pid $pid) did not stop within ${timeout}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null
        fi
        info "stopped $name (pid $pid)"
    fi
    rm -f "$RUN_DIR/$name.pid"
}
