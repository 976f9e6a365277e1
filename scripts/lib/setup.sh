# Shared by scripts/run, scripts/test and scripts/bench: installing what is missing and building.
# Sourced, not run. Expects REPO to be the repository's root.

# Debian packages needed to build the server. libsystemd-dev (found with pkg-config):
# sd_notify, so that the server can run as a systemd unit with Type=notify and a watchdog.
# prometheus-cpp-dev (its core library, by pkg-config): the metric types and the text
# format of GET /metrics.
BUILD_PACKAGES=(g++ make cmake pkgconf libboost1.81-dev libsqlite3-dev libssl-dev nlohmann-json3-dev catch2
    libsystemd-dev prometheus-cpp-dev)
# And for the sanitizer and fuzzing build (clang's ASan, UBSan and libFuzzer runtimes),
# and util-linux's unshare and prlimit for the disk-full and out-of-descriptor tests.
SANITIZE_PACKAGES=(clang libclang-rt-14-dev util-linux)
# And for the integration tests: Python's jsonschema, which holds real session archives
# to protocol/session-archive.schema.json (archive_test.cpp).
TEST_PACKAGES=(python3 python3-jsonschema)
# And for the Debian package's test (tests/package/test-deb.sh): dpkg-shlibdeps (the
# package's Depends, from the binary's shared libraries), systemd-analyze and systemctl
# (verifying and enabling the unit), curl (the installed server's HTTP API), and
# fakeroot (installing into the throwaway root when not run as root).
PACKAGE_TEST_PACKAGES=(dpkg-dev systemd curl fakeroot)
# And for the browser tests: Chromium, and poppler's pdftotext, which reads back the
# printed outcome (a PDF from Chromium); HAProxy and openssl, for the workshop through
# deploy/haproxy/samskab.cfg with a self-signed certificate (e2e/tls-proxy.test.mjs).
BROWSER_TEST_PACKAGES=(chromium ca-certificates poppler-utils haproxy openssl)
# Extra options for build's first configuration (see build).
SAMSKAB_CMAKE_ARGS=()

# Each step with the minutes and seconds since the script started (bash's SECONDS).
say() { printf '==> [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
# As root it runs apt-get update once and installs them; otherwise it prints the exact
# command to run and fails.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "These packages are missing: ${missing[*]}" >&2
        echo "Install them with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    if [ -z "${SAMSKAB_APT_UPDATED:-}" ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        export SAMSKAB_APT_UPDATED=1
    fi
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# ensure_node: Node.js and npm, for the browser tests. Any node >= 18 will do; Debian
# packages them as nodejs and npm.
ensure_node() {
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        local major
        major=$(node -p 'process.versions.node.split(".")[0]')
        [ "$major" -ge 18 ] && return 0
        echo "Node.js $major is too old; the browser tests need 18 or newer." >&2
        exit 1
    fi
    ensure_packages nodejs npm
}

# build TARGET...: configures build/ (once) and builds the targets. SAMSKAB_BUILD_DIR and
# SAMSKAB_BUILD_TYPE choose another folder and the type it is configured with the first time
# (defaults: build/ and RelWithDebInfo; scripts/bench uses a Release folder); the array
# SAMSKAB_CMAKE_ARGS adds options to that first configuration.
build() {
    local jobs dir=${SAMSKAB_BUILD_DIR:-$REPO/build} type=${SAMSKAB_BUILD_TYPE:-RelWithDebInfo}
    jobs=$(nproc 2>/dev/null || echo 2)
    # RelWithDebInfo with line tables only (-g1, not -g): backtraces, perf and gdb still
    # name functions, files and lines, and the build takes about a third less time (full
    # debug info: http_session.cpp compiled in 29 s with -g, 18 s with -g1; 2026-12-06).
    local flags=()
    [ "$type" = RelWithDebInfo ] && flags=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        say "configuring ${dir#"$REPO"/}/ ($type)"
        cmake -S "$REPO" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "${flags[@]}" "${SAMSKAB_CMAKE_ARGS[@]}" >/dev/null
    fi
    say "building ${dir#"$REPO"/}/: ${*:-everything}"
    if [ $# -gt 0 ]; then
        local t args=()
        for t in "$@"; do args+=(--target "$t"); done
        cmake --build "$dir" -j"$jobs" "${args[@]}"
    else
        cmake --build "$dir" -j"$jobs"
    fi
}

# build_sanitized: build/ once more as build-sanitize/, with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and the libFuzzer targets. The tests build at -O0 (quicker
# to compile), the libraries at -O1 (see CMakeLists.txt); line tables keep the
# sanitizers' reports readable.
build_sanitized() {
    local SAMSKAB_CMAKE_ARGS=(-DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DSAMSKAB_SANITIZE=ON -DSAMSKAB_FUZZ=ON)
    CC=clang CXX=clang++ SAMSKAB_BUILD_DIR="$REPO/build-sanitize" SAMSKAB_BUILD_TYPE=Debug build
}
