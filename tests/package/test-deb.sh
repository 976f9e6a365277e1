#!/usr/bin/env bash
# The Debian package's test: builds it with CPack from the build folder, installs it into a
# throwaway root, runs the installed server, upgrades the package under the running server,
# restarts the server from the upgraded binary, lets it migrate an older database, then
# removes and purges the package; and checks the unit with systemd-analyze verify.
#
#   tests/package/test-deb.sh [BUILD_DIR]     (default: build/, with samskab-server built)
#
# Run by scripts/test after ctest; needs root or fakeroot (dpkg sets the files' owners), dpkg-dev
# (dpkg-shlibdeps, for the package's Depends), systemd (systemd-analyze, systemctl),
# curl and python3.
#
# The throwaway root: `dpkg --root=ROOT --force-script-chrootless`, which runs the
# maintainer scripts from outside with DPKG_ROOT=ROOT (they honour it: they enable the
# unit in ROOT and never touch the running system). A chroot would need a whole Debian
# in it (debootstrap, from the network); dpkg --root needs nothing. --force-depends:
# ROOT holds no libc and no other package the Depends name; the installed binary runs
# with this machine's libraries, the ones dpkg-shlibdeps computed the Depends from.
#
# The upgrade: the package of this very tree twice, first repacked as VERSION~test1
# (which dpkg orders before VERSION), then as cpack built it. Building an earlier commit here would take
# far too long; so the migration of the database is checked on a database of an older
# release (tests/fixtures/schema-9-before-check-ins.sql) that the upgraded server opens.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:-$REPO/build}" && pwd)

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
step() { printf 'test-deb: %s\n' "$*"; }
if [ "$(id -u)" -ne 0 ]; then
    # dpkg sets the installed files' owners: as another user, under fakeroot.
    command -v fakeroot >/dev/null || fail "needs root or fakeroot (dpkg sets the installed files' owners)"
    exec fakeroot -- "$0" "$@"
fi
[ -x "$BUILD/server/samskab-server" ] || fail "no $BUILD/server/samskab-server: build it first"

work=$(mktemp -d /tmp/samskab-deb.XXXXXX)
root=$work/root
server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT

version=$("$BUILD/server/samskab-server" --version | sed -n 's/^samskab-server \(.*\)$/\1/p')
[ -n "$version" ] || fail "no version from samskab-server --version"
previous="$version~test1"

step "building samskab_${version}_amd64.deb with cpack"
(cd "$BUILD" && cpack -G DEB -B "$work/current" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
new_deb=$work/current/samskab_${version}_amd64.deb
[ -f "$new_deb" ] || fail "cpack did not write $new_deb"
# The "previous" package: the same one with the lower version (a second cpack would
# take as long again, mostly stripping the binary, for the same content).
old_deb=$work/previous/samskab_${previous}_amd64.deb
mkdir -p "$work/previous"
dpkg-deb -R "$new_deb" "$work/previous/tree"
sed -i "s/^Version: .*/Version: $previous/" "$work/previous/tree/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -b "$work/previous/tree" "$old_deb" >/dev/null
dpkg --compare-versions "$previous" lt "$version" || fail "$previous is not before $version"

depends=$(dpkg-deb -f "$new_deb" Depends)
for lib in libc6 libstdc++6 libsqlite3-0 libssl3 libsystemd0 libprometheus-cpp-core1.0; do
    [[ "$depends" == *"$lib "* || "$depends" == *"$lib," || "$depends" == *"$lib" ]] ||
        fail "Depends ($depends) lacks $lib"
done
[ "$(dpkg-deb -f "$new_deb" Version)" = "$version" ] || fail "the package's version is not $version"

mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
in_root() { dpkg --root="$root" --force-script-chrootless --force-depends "$@"; }
installed_version() { dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Version} ${db:Status-Abbrev}' samskab 2>/dev/null || true; }

step "installing $previous into $root"
in_root -i "$old_deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i $old_deb"; }
[ "$(installed_version)" = "$previous ii " ] || fail "installed: $(installed_version)"

bin=$root/usr/bin/samskab-server
web=$root/usr/share/samskab/web
conf=$root/etc/samskab/samskab.conf
[ -x "$bin" ] || fail "no executable /usr/bin/samskab-server"
readelf -S "$bin" | grep -q '\.debug_info' && fail "/usr/bin/samskab-server is not stripped"
[ -f "$root/lib/systemd/system/samskab.service" ] || fail "no /lib/systemd/system/samskab.service"
[ "$(readlink "$root/etc/systemd/system/multi-user.target.wants/samskab.service")" = /lib/systemd/system/samskab.service ] ||
    fail "the postinst did not enable samskab.service in the root"
for doc in README.md CHANGELOG.md copyright; do
    [ -f "$root/usr/share/doc/samskab/$doc" ] || fail "no /usr/share/doc/samskab/$doc"
done
conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}' samskab)
[[ "$conffiles" == *"/etc/samskab/samskab.conf "* ]] || fail "/etc/samskab/samskab.conf is no conffile: $conffiles"
grep -qx 'web-root = /usr/share/samskab/web' "$conf" || fail "the config file does not name the installed web client"
# The web client: every file the server serves from the source tree's folder (see
# static_files.cpp: the served types, not the tools' files), and nothing else.
served() {
    (cd "$1" && find . -type f \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.svg' \
        -o -name '*.png' -o -name '*.ico' -o -name '*.json' -o -name '*.webmanifest' -o -name '*.txt' -o -name '*.woff2' \) \
        -not -path '*/node_modules/*' -not -path '*/.*' -not -name package.json -not -name package-lock.json \
        -not -name tsconfig.json -not -name jsconfig.json | sort)
}
[ "$(served "$REPO/web-client")" = "$(cd "$web" && find . -type f | sort)" ] ||
    fail "the installed web client differs from the files the server serves of web-client/"
[ -n "$(served "$web")" ] || fail "no web client installed"

# Runs the INSTALLED server with the installed config file; the database and the web
# client under the root come from the environment (as /etc/default/samskab would give
# them), the port from the command line: the three places the flags come from.
state=$root/var/lib/samskab
start_server() {  # DB LOG
    : >"$2"
    SAMSKAB_DB="$1" SAMSKAB_WEB_ROOT="$web" "$bin" --config "$conf" --port 0 >"$2" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$2" | head -1)
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$2"; server_pid=; fail "the installed server exited"; }
        sleep 0.05
    done
    cat "$2"
    fail "the installed server did not listen within 10 s"
}
url() { echo "http://127.0.0.1:$port$1"; }
create_session() {  # TITLE: prints the join code
    curl -sSf -H 'Content-Type: application/json' \
        -d "{\"title\": \"$1\", \"question\": \"Hvad ville I prøve?\"}" "$(url /api/sessions)" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["code"])'
}
title_of() { curl -sSf "$(url "/api/sessions/$1")" | python3 -c 'import json, sys; print(json.load(sys.stdin)["title"])'; }

mkdir -p "$state"
step "running the installed $previous server and creating sessions"
start_server "$state/samskab.db" "$work/server-1.log"
curl -sSf "$(url /)" | grep -q '<html' || fail "the installed server does not serve the installed web client"
curl -sSf "$(url /readyz)" >/dev/null || fail "/readyz"
code_1=$(create_session "Ældrepleje")
code_2=$(create_session "Velfærd med færre hænder")
[ "$(title_of "$code_1")" = "Ældrepleje" ] || fail "session $code_1 not found"

step "upgrading to $version while that server runs on the database"
# An administrator's change to the config file survives the upgrade (a conffile the new
# package did not change).
echo "# changed by the administrator" >>"$conf"
old_inode=$(stat -c %i "$bin")
in_root -i "$new_deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i $new_deb (upgrade)"; }
[ "$(installed_version)" = "$version ii " ] || fail "after the upgrade: $(installed_version)"
grep -q '^# changed by the administrator$' "$conf" || fail "the upgrade overwrote the changed config file"
[ ! -e "$conf.dpkg-new" ] && [ ! -e "$conf.dpkg-dist" ] || fail "the upgrade left a .dpkg-new/.dpkg-dist config file"
[ "$(stat -c %i "$bin")" != "$old_inode" ] || fail "the upgrade did not replace /usr/bin/samskab-server"
kill -0 "$server_pid" || fail "the server stopped during the upgrade"
[ "$(title_of "$code_2")" = "Velfærd med færre hænder" ] || fail "session $code_2 not found during the upgrade"

step "restarting the server from the upgraded binary"
stop_server
start_server "$state/samskab.db" "$work/server-2.log"
grep -q "2 session(s) loaded" "$work/server-2.log" || { cat "$work/server-2.log"; fail "the sessions were not loaded again"; }
[ "$(title_of "$code_1")" = "Ældrepleje" ] || fail "session $code_1 lost across the upgrade"
[ "$(title_of "$code_2")" = "Velfærd med færre hænder" ] || fail "session $code_2 lost across the upgrade"
stop_server

step "the upgraded server migrates a database of an older release"
old_db=$state/older.db
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.close()' \
    "$old_db" "$REPO/tests/fixtures/schema-9-before-check-ins.sql"
start_server "$old_db" "$work/server-3.log"
newest=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$old_db")
[ "$newest" -gt 9 ] || fail "not migrated: schema version $newest"
grep -q "4 session(s) loaded" "$work/server-3.log" || { cat "$work/server-3.log"; fail "the older database's sessions were not loaded"; }
[ -f "$old_db.before-schema-$newest.bak" ] || fail "no backup $old_db.before-schema-$newest.bak before the migration"
stop_server

step "removing the package: the data and the config file stay"
in_root -r samskab >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r"; }
[ ! -e "$bin" ] || fail "dpkg -r left /usr/bin/samskab-server"
[ ! -e "$root/lib/systemd/system/samskab.service" ] || fail "dpkg -r left the unit"
[ -f "$state/samskab.db" ] || fail "dpkg -r removed the database"
[ -f "$state/samskab.db.key" ] || fail "dpkg -r removed the server's key"
[ -f "$conf" ] || fail "dpkg -r removed the config file"
[[ "$(installed_version)" == *" rc " ]] || fail "after dpkg -r: $(installed_version)"

step "purging it: the data and the config file go"
# What DynamicUser= makes of StateDirectory= on a real system: the data in
# /var/lib/private/samskab and /var/lib/samskab a link to it.
mkdir -p "$root/var/lib/private"
mv "$state" "$root/var/lib/private/samskab"
ln -s private/samskab "$state"
in_root -P samskab >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -P"; }
[ ! -e "$state" ] && [ ! -L "$state" ] || fail "dpkg -P left /var/lib/samskab"
[ ! -e "$root/var/lib/private/samskab" ] || fail "dpkg -P left /var/lib/private/samskab"
[ ! -e "$root/etc/samskab" ] || fail "dpkg -P left /etc/samskab"
[ ! -L "$root/etc/systemd/system/multi-user.target.wants/samskab.service" ] || fail "dpkg -P left the unit enabled"
[ -z "$(installed_version)" ] || [[ "$(installed_version)" == *" pn "* ]] || fail "after dpkg -P: $(installed_version)"

step "systemd-analyze verify on the unit"
# verify checks that ExecStart's binary exists; the package's is in the root, so it is
# verified with that path (and everything else as packaged).
dpkg-deb -x "$new_deb" "$work/unpacked"
sed "s|^ExecStart=/usr/bin/samskab-server |ExecStart=$work/unpacked/usr/bin/samskab-server |" \
    "$work/unpacked/lib/systemd/system/samskab.service" >"$work/samskab.service"
grep -q "^ExecStart=$work/unpacked/usr/bin/samskab-server " "$work/samskab.service" || fail "no ExecStart to verify"
verify=$(systemd-analyze verify "$work/samskab.service" 2>&1) || { echo "$verify"; fail "systemd-analyze verify"; }
[ -z "$verify" ] || { echo "$verify"; fail "systemd-analyze verify warned"; }

step "passed"
