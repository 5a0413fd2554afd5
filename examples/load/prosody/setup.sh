#!/usr/bin/env bash
# A private Prosody 0.12 (Debian's package) on loopback for the load comparison.
#
#   setup.sh install               apt-get install prosody (if missing)
#   setup.sh init  [options]       write the config and the accounts under --dir
#   setup.sh start [options]       init if needed, then start Prosody (daemonized, own pidfile)
#   setup.sh stop  [options]       stop the Prosody started from --dir (by its pid)
#   setup.sh status [options]      print whether it runs and the BOSH URL
#   setup.sh env   [options]       print the settings as shell variables
#
# Options (or the environment variables in brackets):
#   --dir DIR          instance directory      [PROSODY_LOAD_DIR, default /tmp/finesse-load-prosody]
#   --users N          accounts <prefix>1..<prefix>N      [PROSODY_LOAD_USERS, default 2000]
#   --prefix P         account name prefix     [PROSODY_LOAD_PREFIX, default load]
#   --password PW      every account's password [PROSODY_LOAD_PASSWORD, default loadpw]
#   --domain D         XMPP domain             [PROSODY_LOAD_DOMAIN, default localhost]
#   --http-port P      BOSH/HTTP port          [PROSODY_LOAD_HTTP_PORT, default 15280]
#   --c2s-port P       c2s port                [PROSODY_LOAD_C2S_PORT, default 15222]
#   --log-level L      Prosody log level       [PROSODY_LOAD_LOG_LEVEL, default warn]
#
# The publisher account is "publisher" (same password), an admin, so it may create nodes.
# Accounts are written straight into Prosody's internal_plain store
# (data/<host>/accounts/<user>.dat), which takes well under a second for 5,000 users.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"
[ $# -gt 0 ] && shift

DIR="${PROSODY_LOAD_DIR:-/tmp/finesse-load-prosody}"
USERS="${PROSODY_LOAD_USERS:-2000}"
PREFIX="${PROSODY_LOAD_PREFIX:-load}"
PASSWORD="${PROSODY_LOAD_PASSWORD:-loadpw}"
DOMAIN="${PROSODY_LOAD_DOMAIN:-localhost}"
HTTP_PORT="${PROSODY_LOAD_HTTP_PORT:-15280}"
C2S_PORT="${PROSODY_LOAD_C2S_PORT:-15222}"
LOG_LEVEL="${PROSODY_LOAD_LOG_LEVEL:-warn}"
PUBLISHER=publisher

while [ $# -gt 0 ]; do
	case "$1" in
		--dir) DIR="$2"; shift 2 ;;
		--users) USERS="$2"; shift 2 ;;
		--prefix) PREFIX="$2"; shift 2 ;;
		--password) PASSWORD="$2"; shift 2 ;;
		--domain) DOMAIN="$2"; shift 2 ;;
		--http-port) HTTP_PORT="$2"; shift 2 ;;
		--c2s-port) C2S_PORT="$2"; shift 2 ;;
		--log-level) LOG_LEVEL="$2"; shift 2 ;;
		*) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

die() { echo "setup.sh: $*" >&2; exit 1; }

case "$USERS" in ''|*[!0-9]*) die "--users must be a number" ;; esac
case "$PREFIX" in ''|*[!a-z0-9]*) die "--prefix must be lower-case letters and digits" ;; esac
case "$PASSWORD" in *[\"\\]*|'') die "--password must not be empty or contain \" or \\" ;; esac
case "$DOMAIN" in ''|*[!a-z0-9.-]*) die "--domain must be a plain host name" ;; esac

# Prosody's datamanager file-name encoding: every non-alphanumeric byte becomes %xx.
encode() {
	local s="$1" out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c="${s:i:1}"
		case "$c" in [a-zA-Z0-9]) out+="$c" ;; *) out+="$(printf '%%%02x' "'$c")" ;; esac
	done
	printf '%s' "$out"
}

raise_fd_limit() {
	# Each BOSH session holds one or two HTTP connections: 5,000 sessions need > 10,000 fds.
	local want=65536 hard
	hard="$(ulimit -Hn)"
	if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
		ulimit -Hn "$want" 2>/dev/null || want="$hard"
	fi
	ulimit -Sn "$want" 2>/dev/null || ulimit -Sn "$hard"
}

do_install() {
	if command -v prosody >/dev/null 2>&1; then
		return 0
	fi
	if [ "$(id -u)" -eq 0 ]; then
		apt-get install -y prosody >/dev/null || { apt-get update >/dev/null && apt-get install -y prosody >/dev/null; }
	else
		sudo apt-get install -y prosody >/dev/null
	fi
	command -v prosody >/dev/null 2>&1 || die "prosody did not install"
	# The Debian package may start the system service; this tool never uses it.
}

do_init() {
	command -v prosody >/dev/null 2>&1 || die "prosody is not installed: run '$0 install' (apt-get install prosody)"
	mkdir -p "$DIR/data" "$DIR/certs"
	sed -e "s|@DIR@|$DIR|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" -e "s|@C2S_PORT@|$C2S_PORT|g" \
		-e "s|@DOMAIN@|$DOMAIN|g" -e "s|@PUBLISHER@|$PUBLISHER|g" -e "s|@LOG_LEVEL@|$LOG_LEVEL|g" \
		"$here/prosody.cfg.lua.in" > "$DIR/prosody.cfg.lua"
	local accounts="$DIR/data/$(encode "$DOMAIN")/accounts"
	mkdir -p "$accounts"
	local have
	have="$(cat "$DIR/users" 2>/dev/null || echo "")"
	if [ "$have" != "$PREFIX $USERS $PASSWORD" ]; then
		rm -f "$accounts"/*.dat
		local i
		for ((i = 1; i <= USERS; i++)); do
			printf 'return {\n\t["password"] = "%s";\n};\n' "$PASSWORD" > "$accounts/$PREFIX$i.dat"
		done
		printf 'return {\n\t["password"] = "%s";\n};\n' "$PASSWORD" > "$accounts/$PUBLISHER.dat"
		echo "$PREFIX $USERS $PASSWORD" > "$DIR/users"
	fi
}

running_pid() {
	local pid
	pid="$(cat "$DIR/prosody.pid" 2>/dev/null || true)"
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		echo "$pid"
	fi
}

do_start() {
	do_init
	if [ -n "$(running_pid)" ]; then
		echo "prosody already running (pid $(running_pid))"
		return 0
	fi
	raise_fd_limit
	: > "$DIR/prosody.log"
	prosody -D --config "$DIR/prosody.cfg.lua" > "$DIR/prosody.out" 2>&1 || {
		cat "$DIR/prosody.out" "$DIR/prosody.log" >&2; die "prosody did not start"; }
	local i
	for ((i = 0; i < 100; i++)); do
		if curl -fsS -o /dev/null "http://127.0.0.1:$HTTP_PORT/http-bind" 2>/dev/null; then
			echo "prosody running (pid $(running_pid)), fd limit $(ulimit -n), BOSH http://127.0.0.1:$HTTP_PORT/http-bind, $USERS users ${PREFIX}1..${PREFIX}${USERS}"
			return 0
		fi
		sleep 0.1
	done
	cat "$DIR/prosody.out" "$DIR/prosody.log" >&2 || true
	do_stop
	die "prosody did not answer on http://127.0.0.1:$HTTP_PORT/http-bind"
}

do_stop() {
	local pid i
	pid="$(running_pid)"
	if [ -z "$pid" ]; then
		echo "prosody not running"
		return 0
	fi
	kill "$pid"
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || { echo "prosody stopped"; return 0; }
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	echo "prosody killed"
}

case "$cmd" in
	install) do_install ;;
	init) do_init ;;
	start) do_start ;;
	stop) do_stop ;;
	status)
		if [ -n "$(running_pid)" ]; then
			echo "running (pid $(running_pid)) BOSH http://127.0.0.1:$HTTP_PORT/http-bind"
		else
			echo "stopped"; exit 3
		fi ;;
	env)
		echo "PROSODY_LOAD_DIR=$DIR"
		echo "PROSODY_BOSH_URL=http://127.0.0.1:$HTTP_PORT/http-bind"
		echo "PROSODY_DOMAIN=$DOMAIN"
		echo "PROSODY_PUBSUB=pubsub.$DOMAIN"
		echo "PROSODY_USERS=$USERS"
		echo "PROSODY_PREFIX=$PREFIX"
		echo "PROSODY_PUBLISHER=$PUBLISHER" ;;
	*) sed -n '2,22p' "$0"; exit 2 ;;
esac
