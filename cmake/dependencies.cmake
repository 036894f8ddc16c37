# SPDX-License-Identifier: BSD-2-Clause
# dependencies.cmake: the libraries patchmilter links, found with pkg-config (Debian's -dev
# packages, which scripts/install-deps installs), for the main build and the fuzz build.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET libcrypto)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(MILTER REQUIRED IMPORTED_TARGET milter)
find_package(Threads REQUIRED)
