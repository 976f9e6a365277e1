# The Debian package: `cpack -G DEB` in the build folder (after building samskab-server)
# writes samskab_<version>_amd64.deb, the version being project()'s. It installs
#   /usr/bin/samskab-server                   the server, stripped
#   /usr/share/samskab/web/                   the web client (the files the server serves)
#   /lib/systemd/system/samskab.service       the unit (packaging/samskab.service)
#   /etc/samskab/samskab.conf                 its settings, a conffile (packaging/samskab.conf)
#   /usr/share/doc/samskab/                   README.md, CHANGELOG.md, copyright
# with the maintainer scripts of packaging/debian/. tests/package/test-deb.sh installs,
# upgrades, removes and purges it in a throwaway root.
#
# The paths are the package's own (prefix /), so `cmake --install` is for CPack only:
# to run Samskab from the source tree, use scripts/run.

# cpack builds no target: installing does not first build everything (the tests
# included), only what is already built is packaged. Build samskab-server first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

install(TARGETS samskab-server RUNTIME DESTINATION usr/bin)
# What static_files serves of the client's folder: its files of the served types, not
# the tools' files beside them (see server/net/static_files.cpp).
install(DIRECTORY web-client/ DESTINATION usr/share/samskab/web
  FILES_MATCHING PATTERN "*.html" PATTERN "*.js" PATTERN "*.mjs" PATTERN "*.css" PATTERN "*.svg"
    PATTERN "*.png" PATTERN "*.ico" PATTERN "*.json" PATTERN "*.webmanifest" PATTERN "*.txt" PATTERN "*.woff2"
    PATTERN "package.json" EXCLUDE PATTERN "package-lock.json" EXCLUDE PATTERN "tsconfig.json" EXCLUDE
    PATTERN "jsconfig.json" EXCLUDE PATTERN "node_modules" EXCLUDE PATTERN ".*" EXCLUDE)
install(FILES packaging/samskab.service DESTINATION lib/systemd/system)
install(FILES packaging/samskab.conf DESTINATION etc/samskab)
install(FILES README.md CHANGELOG.md packaging/copyright DESTINATION usr/share/doc/samskab)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME samskab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /)
set(CPACK_PACKAGE_CONTACT "Samskab maintainers <maintainers@users.noreply.h-seed-983d31d5.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "real-time server for co-creation workshops")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Samskab serves co-creation workshops: a facilitator runs a \
session that participants join from their browsers, and what they add is shared live. The package \
runs it as the systemd service samskab.")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: computed by dpkg-shlibdeps (dpkg-dev) from the binary's shared libraries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# gzip: cpack took 18.1 s with gzip (a 1.81 MB package), 25.2 s with xz (1.33 MB) and
# 19.5 s with zstd (1.75 MB), most of it copying and stripping the 156 MB binary of a
# RelWithDebInfo build (2 busy cores, 2026-12-06).
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
