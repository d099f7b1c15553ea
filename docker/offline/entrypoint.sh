#!/bin/bash
# Entrypoint of the offline MariaDB image: on first start it initialises the
# datadir, sets the root password and optional database/user from the
# MARIADB_* / MYSQL_* variables the official images read, runs
# /docker-entrypoint-initdb.d/*.sql, *.sql.gz and *.sh, then runs the server.
set -eo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u +%FT%TZ)" "$*"; }
die() { log "error: $*" >&2; exit 1; }

# Flags alone ("--ssl-ca=…") mean: run the server with these flags.
if [ "${1:0:1}" = '-' ]; then
	set -- mariadbd "$@"
fi
case "$1" in
mariadbd | mysqld) ;;
*) exec "$@" ;;
esac

env_either() { # env_either NAME: MARIADB_NAME, else MYSQL_NAME
	local m="MARIADB_$1" y="MYSQL_$1"
	printf '%s' "${!m:-${!y:-}}"
}
root_password="$(env_either ROOT_PASSWORD)"
allow_empty="$(env_either ALLOW_EMPTY_ROOT_PASSWORD)"
[ -n "$allow_empty" ] || allow_empty="${MYSQL_ALLOW_EMPTY_PASSWORD:-}"
random_root="$(env_either RANDOM_ROOT_PASSWORD)"
database="$(env_either DATABASE)"
user="$(env_either USER)"
password="$(env_either PASSWORD)"
root_host="$(env_either ROOT_HOST)"
root_host="${root_host:-%}"

datadir=/var/lib/mysql
install -d -o mysql -g mysql /run/mysqld

sql_escape() { printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g"; }

if [ ! -d "$datadir/mysql" ]; then
	if [ -z "$root_password" ] && [ -z "$allow_empty" ] && [ -z "$random_root" ]; then
		die "database is uninitialised and no root password option is set; set MARIADB_ROOT_PASSWORD (or MYSQL_ROOT_PASSWORD), MARIADB_ALLOW_EMPTY_ROOT_PASSWORD or MARIADB_RANDOM_ROOT_PASSWORD"
	fi
	if [ -n "$random_root" ]; then
		root_password="$(head -c 18 /dev/urandom | base64)"
		log "GENERATED ROOT PASSWORD: $root_password"
	fi
	log "initialising $datadir"
	install -d -o mysql -g mysql "$datadir"
	mariadb-install-db --user=mysql --datadir="$datadir" --auth-root-authentication-method=normal \
		--skip-test-db --skip-name-resolve >/dev/null
	socket=/run/mysqld/init.sock
	"$@" --skip-networking --socket="$socket" --user=mysql &
	pid=$!
	for _ in $(seq 1 120); do
		mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || die "the server stopped during initialisation"
		sleep 0.25
	done
	client=(mariadb --protocol=socket --socket="$socket" -uroot)
	rp="$(sql_escape "$root_password")"
	{
		echo "SET @@SESSION.SQL_LOG_BIN=0;"
		# No anonymous accounts, and no root accounts but localhost (the
		# others, for 127.0.0.1, ::1 and the host name, have no password).
		echo "DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host<>'localhost');"
		echo "FLUSH PRIVILEGES;"
		if [ "$root_host" != localhost ]; then
			echo "CREATE USER 'root'@'$(sql_escape "$root_host")' IDENTIFIED BY '$rp';"
			echo "GRANT ALL ON *.* TO 'root'@'$(sql_escape "$root_host")' WITH GRANT OPTION;"
		fi
		echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$rp';"
		if [ -n "$database" ]; then
			echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"
		fi
		if [ -n "$user" ] && [ -n "$password" ]; then
			echo "CREATE USER '$(sql_escape "$user")'@'%' IDENTIFIED BY '$(sql_escape "$password")';"
			[ -n "$database" ] && echo "GRANT ALL ON \`$database\`.* TO '$(sql_escape "$user")'@'%';"
		fi
	} | "${client[@]}"
	[ -n "$root_password" ] && client+=(--password="$root_password")
	for f in /docker-entrypoint-initdb.d/*; do
		case "$f" in
		*.sql) log "running $f"; "${client[@]}" ${database:+--database="$database"} <"$f" ;;
		*.sql.gz) log "running $f"; gunzip -c "$f" | "${client[@]}" ${database:+--database="$database"} ;;
		*.sh) log "running $f"; . "$f" ;;
		*) [ -e "$f" ] && log "ignoring $f" ;;
		esac
	done
	"${client[@]}" -e "SHUTDOWN;" >/dev/null 2>&1 || kill "$pid"
	wait "$pid" || true
	log "initialisation done"
fi

case " $* " in
*" --user="*) ;;
*) [ "$(id -u)" -eq 0 ] && set -- "$@" --user=mysql ;;
esac
log "starting $*"
exec "$@"
