#!/usr/bin/env bash
# Builds the offline MariaDB image (default tag jdbcmysql/mariadb-offline:10.11)
# from Debian's packages alone: debootstrap a bookworm root file system with
# mariadb-server and galera-4, add docker/offline/entrypoint.sh, and docker import it. No
# image registry is used. The package mirror is read from this machine's apt
# configuration (override with DEBOOTSTRAP_MIRROR). Skips when the tag exists
# unless called with --force.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tag="${MYSQLTEST_OFFLINE_IMAGE:-jdbcmysql/mariadb-offline:10.11}"
suite="${DEBOOTSTRAP_SUITE:-bookworm}"

log() { printf 'build-offline-image: %s\n' "$*"; }

# --force rebuilds; the old image keeps serving until the new one takes its tag.
if [ "${1:-}" != --force ] && docker image inspect "$tag" >/dev/null 2>&1; then
	log "$tag exists; nothing to do"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	log "debootstrap needs root; run: sudo bash $0"
	exit 1
fi
debootstrap="$(command -v debootstrap || echo /usr/sbin/debootstrap)"
if [ ! -x "$debootstrap" ]; then
	log "debootstrap is missing; install it: apt-get install -y debootstrap"
	exit 1
fi

# apt_mirror prints the first URI that serves "$suite" in the machine's apt
# sources (one-line .list files and deb822 .sources files).
apt_mirror() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v suite="$suite" '
			$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				if ($(i+1) == suite) { print $i; exit }
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$suite" '
			function flush() {
				if (isdeb && hassuite && uri != "") { print uri; found = 1 }
				isdeb = 0; hassuite = 0; uri = ""
			}
			/^[ \t]*$/ { flush(); if (found) exit; next }
			/^[ \t]*#/ { next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) hassuite = 1 }
			END { if (!found) flush() }' "$f"
	done
}

mirror="${DEBOOTSTRAP_MIRROR:-$(apt_mirror | head -n 1)}"
if [ -z "$mirror" ]; then
	log "no apt source for $suite found in /etc/apt; set DEBOOTSTRAP_MIRROR to a Debian mirror URI"
	exit 1
fi

rootfs="$(mktemp -d /var/tmp/mariadb-offline.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
start=$(date +%s)
log "debootstrap $suite from $mirror into $rootfs"
# galera-4 and rsync (Galera nodes and their state transfers) come with
# mariadb-server's dependencies; they are named so that stays true.
"$debootstrap" --variant=minbase --include=mariadb-server,galera-4,rsync,ca-certificates \
	"$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
	tail -n 30 "$rootfs.log"
	log "debootstrap failed (full log: $rootfs.log)"
	exit 1
}
rm -f "$rootfs.log"

# The package's post-install made a datadir with its own root account; the
# entrypoint makes a fresh one on first start instead.
rm -rf "${rootfs:?}/var/lib/mysql/"*
install -d -o "$(stat -c %u "$rootfs/var/lib/mysql")" -g "$(stat -c %g "$rootfs/var/lib/mysql")" \
	"$rootfs/run/mysqld" "$rootfs/docker-entrypoint-initdb.d"
cat >"$rootfs/etc/mysql/mariadb.conf.d/99-offline-image.cnf" <<'CNF'
# Container settings: run as mysql, listen on every interface, no DNS lookups.
[mysqld]
user = mysql
bind-address = 0.0.0.0
skip-name-resolve
CNF
install -m 0755 "$here/offline/entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
	"$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
	"$rootfs"/usr/share/info/*

version="$(chroot "$rootfs" mariadbd --version 2>/dev/null | head -n 1 || true)"
log "importing as $tag ($version)"
tar -C "$rootfs" -c . | docker import \
	-c 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
	-c 'CMD ["mariadbd"]' \
	-c 'EXPOSE 3306' \
	-c 'ENV LANG=C.UTF-8' \
	-m "MariaDB from Debian $suite packages, built by docker/build-offline-image.sh" \
	- "$tag" >/dev/null
log "built $tag in $(($(date +%s) - start)) s, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
