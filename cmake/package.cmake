# Installing and packaging: `cmake --install build` puts the two programs,
# their man pages and the documentation under GNUInstallDirs' folders;
# `cpack -G DEB` (scripts/package) turns the same tree into one .deb that
# an air-gapped machine installs with dpkg -i. Everything the programs read
# at run time (schema, rules, templates) is compiled in, so nothing else
# is installed.
include(GNUInstallDirs)

install(TARGETS collect analyze RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/docs/man/collect.1
              ${CMAKE_SOURCE_DIR}/docs/man/analyze.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB SB_DOC_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${SB_DOC_FILES} DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/deploy/
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/deploy)

set(CPACK_PACKAGE_NAME sbundle)
set(CPACK_PACKAGE_VENDOR "sbundle")
set(CPACK_PACKAGE_CONTACT "sbundle maintainers <sbundle@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "support bundles for Kubernetes clusters with NVIDIA GPUs")
set(CPACK_PACKAGE_DESCRIPTION
"collect snapshots a cluster (or, with --host, a GPU node) into one
redacted .tar.gz bundle; analyze loads bundles into SQLite, runs
correlation rules and writes HTML, Markdown and JSON incident reports;
analyze serve answers kubectl from a bundle, offline.")
set(CPACK_PACKAGE_FILE_NAME
    "sbundle_${PROJECT_VERSION}_${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The dependencies are what dpkg-shlibdeps reads off the binaries' NEEDED
# entries: Debian's runtime libraries (libcurl4, libarchive13, ...) at the
# versions this machine built against, and nothing from -dev packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The tests a fresh install runs and the Kubernetes API calls need TLS
# roots; curl reads them from the system store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
include(CPack)
