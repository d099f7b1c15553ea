#!/usr/bin/env bash
# Installs what `make demo` needs when it is missing, and nothing else: a
# MariaDB/MySQL server binary (the demo's throwaway server runs as a local
# process), openssl and keytool (the seed builds its key store with them).
# No Docker image, no linters: `make test` runs scripts/setup-test-deps.sh for
# those. Idempotent; when it cannot install (not root, no apt-get), it says
# what to install.
set -euo pipefail

log() { printf 'setup-demo-deps: %s\n' "$*"; }

# shellcheck source=install-packages.sh
source "$(dirname "$0")/install-packages.sh"

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
	log "(without a server the demo needs a Docker engine, an image and the docker backend built in: go run -tags docker ./cmd/jdbcmysql demo --backend docker)"
	exit 0
fi

install_packages "${missing[@]}"
