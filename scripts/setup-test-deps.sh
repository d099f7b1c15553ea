#!/usr/bin/env bash
# Installs what the test suite needs when it is missing (a MariaDB/MySQL server
# binary, galera-4 and rsync for Galera clusters, debootstrap, openssl, keytool,
# staticcheck) and builds the offline
# MariaDB image when a Docker engine answers. Idempotent; fast when all is present.
# When it cannot install (not root, no apt-get), it says exactly what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup-test-deps: %s\n' "$*"; }

# shellcheck source=install-packages.sh
source scripts/install-packages.sh

# have_galera reports whether galera-4's library is where mysqltest looks for
# it (the process backend's Galera clusters need it, and rsync).
have_galera() {
	local f
	for f in /usr/lib/galera/libgalera_smm.so /usr/lib/libgalera_smm.so \
		/usr/lib64/galera-4/libgalera_smm.so /usr/lib/galera-4/libgalera_smm.so; do
		[ -e "$f" ] && return 0
	done
	return 1
}

missing=()
have_server || missing+=(mariadb-server)
have_galera || missing+=(galera-4)
have rsync || missing+=(rsync)
have debootstrap || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
have openssl || missing+=(openssl)
have keytool || missing+=(default-jre-headless)

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ] && have apt-get; then
		install_packages "${missing[@]}" || true
	else
		log "missing: ${missing[*]}"
		log "install them as root with:"
		log "  apt-get update && apt-get install -y ${missing[*]}"
		log "(the tests that need them skip without them, and fail under CI=true)"
	fi
fi

gobin="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
if ! have staticcheck && [ ! -x "$gobin/staticcheck" ]; then
	log "installing staticcheck v0.8.2"
	go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 ||
		log "could not install staticcheck; run: go install honnef.co/go/tools/cmd/staticcheck@v0.8.2"
fi

if have docker && docker info >/dev/null 2>&1; then
	bash docker/build-offline-image.sh
else
	log "no Docker engine answers; skipping the offline image (the docker backend will skip)"
fi
