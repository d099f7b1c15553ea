#!/usr/bin/env bash
# Installs what `make demo` needs when it is missing, and nothing else: a
# MariaDB/MySQL server binary (the demo's throwaway server runs as a local
# process), openssl and keytool (the seed builds its key store with them).
# No Docker image, no linters: `make test` runs scripts/setup-test-deps.sh for
# those. Idempotent; when it cannot install (not root, no apt-get), it says
# what to install.
set -euo pipefail

log() { printf 'setup-demo-deps: %s\n' "$*"; }

have() { command -v "$1" >/dev/null 2>&1; }

# have_server reports whether mysqltest's process backend finds a mariadbd
# or mysqld (on PATH or in the directories it searches).
have_server() {
	local dir name
	for name in mariadbd mysqld; do
		have "$name" && return 0
		for dir in /usr/sbin /usr/local/sbin /usr/local/mysql/bin /usr/bin /usr/local/bin; do
			[ -x "$dir/$name" ] && return 0
		done
	done
	return 1
}

missing=()
have_server || missing+=(mariadb-server)
have openssl || missing+=(openssl)
have keytool || missing+=(default-jre-headless)

if [ "${#missing[@]}" -eq 0 ]; then
	log "server, openssl and keytool present; nothing to install"
	exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
	log "missing: ${missing[*]}"
	log "install them as root with: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
	log "(without a server the demo needs a Docker engine and an image: jdbcmysql demo --backend docker)"
	exit 0
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A policy-rc.d that answers 101 keeps the packages' services from starting
# during the install: the demo starts its own server.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	created_policy=1
fi
aptlog="$(mktemp)"
status=0
if apt-get update >"$aptlog" 2>&1 &&
	apt-get install -y --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1; then
	rm -f "$aptlog"
else
	status=1
	tail -n 20 "$aptlog"
	log "apt-get failed (log: $aptlog); install by hand: apt-get install -y ${missing[*]}"
fi
[ "$created_policy" -eq 1 ] && rm -f "$policy"
# Should a system service have started anyway, stop it and keep it off.
if have systemctl; then
	systemctl stop mariadb >/dev/null 2>&1 || true
	systemctl disable mariadb >/dev/null 2>&1 || true
fi
exit "$status"
