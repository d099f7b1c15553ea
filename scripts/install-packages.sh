#!/usr/bin/env bash
# Sourced by the setup scripts (setup-demo-deps.sh, setup-test-deps.sh): what
# they check and how they install Debian packages. It defines have,
# have_server and install_packages, and expects them to define log.

have() { command -v "$1" >/dev/null 2>&1; }

# have_server reports whether mysqltest's process backend finds a mariadbd
# or mysqld (on PATH or in the directories it searches, serverDirs in
# mysqltest/process.go).
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

# install_packages installs the packages named with apt-get (the caller has
# checked for root and apt-get) without starting their services, and
# leaves MariaDB's system service stopped and disabled: mysqltest starts its
# own servers. It returns 1, with the end of apt-get's log, when apt-get
# fails.
install_packages() {
	log "installing: $*"
	export DEBIAN_FRONTEND=noninteractive
	# A policy-rc.d that answers 101 keeps the packages' services from
	# starting during the install.
	local policy=/usr/sbin/policy-rc.d created_policy=0 status=0 aptlog
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		created_policy=1
	fi
	aptlog="$(mktemp)"
	if apt-get update >"$aptlog" 2>&1 &&
		apt-get install -y --no-install-recommends "$@" >>"$aptlog" 2>&1; then
		rm -f "$aptlog"
	else
		status=1
		tail -n 20 "$aptlog"
		log "apt-get failed (log: $aptlog); install by hand: apt-get install -y $*"
	fi
	[ "$created_policy" -eq 1 ] && rm -f "$policy"
	# Should a system service have started anyway, stop it and keep it off.
	if have systemctl; then
		systemctl stop mariadb >/dev/null 2>&1 || true
		systemctl disable mariadb >/dev/null 2>&1 || true
	fi
	if have service && service mariadb status >/dev/null 2>&1; then
		service mariadb stop >/dev/null 2>&1 || true
	fi
	return "$status"
}
