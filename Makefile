# SPDX-License-Identifier: BSD-2-Clause
# Thin wrapper over CMake: `make` builds into build/, `make test` runs every test
# (a normal build and an ASan+UBSan build), `make fuzz` runs each libFuzzer target for
# FUZZ_SECONDS (clang build in build-fuzz/), `make run` starts the milter in the foreground,
# `make install` installs under PREFIX (default /usr/local) into DESTDIR, `make deb`
# builds the Debian package into build-deb/dist/.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
RUN_SOCKET ?= inet:8899@127.0.0.1
# Where `make run` keeps its configuration and index. As root the milter runs as nobody,
# who may not reach a checkout under /root (mode 700), so root's run lives outside it.
RUN_DIR ?= $(if $(filter 0,$(shell id -u)),/var/lib/patchmilter-dev,run)
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BUILD ?= build-install
DEB_BUILD ?= build-deb
# Debian's hardening flags for the package build.
DEB_CFLAGS = $(shell dpkg-buildflags --get CPPFLAGS 2>/dev/null) $(shell dpkg-buildflags --get CFLAGS 2>/dev/null)
DEB_LDFLAGS = $(shell dpkg-buildflags --get LDFLAGS 2>/dev/null) -Wl,-z,now

.PHONY: all deps test-deps configure test test-plain test-asan fuzz run install deb clean

all: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

test: test-deps
	$(MAKE) test-plain
	$(MAKE) test-asan

test-plain:
	cmake -S . -B $(BUILD) -DPM_REQUIRE_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DPM_SANITIZE=ON -DPM_REQUIRE_TESTS=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE no-asan

fuzz: test-deps
	cmake -S fuzz -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	fuzz/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

run: all
	@mkdir -p $(RUN_DIR)
	@{ sed 's|^Index[[:space:]].*|Index			$(RUN_DIR)/index.sqlite|' conf/patchmilter-dev.conf; \
	   [ "$$(id -u)" != 0 ] || echo "UserID nobody"; } > $(RUN_DIR)/patchmilter.conf
	@[ "$$(id -u)" != 0 ] || chown nobody:nogroup $(RUN_DIR)
	@echo "patchmilter: listening on $(RUN_SOCKET), index in $(RUN_DIR)/; point your MTA's smtpd_milters at it (Ctrl-C stops)"
	$(BUILD)/patchmilter run -f -c $(RUN_DIR)/patchmilter.conf -p $(RUN_SOCKET)

# The install tree gets its own build directory: PREFIX is baked into the unit file.
install: deps
	cmake -S . -B $(INSTALL_BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)
	cmake --build $(INSTALL_BUILD) -j $(JOBS)
	DESTDIR=$(DESTDIR) cmake --install $(INSTALL_BUILD)

deb:
	@scripts/install-deps deb
	cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
	  -DCMAKE_INSTALL_PREFIX=/usr -DPM_SYSTEMD_UNITDIR=/lib/systemd/system \
	  -DPM_TMPFILESDIR=/usr/lib/tmpfiles.d \
	  -DCMAKE_C_FLAGS="$(DEB_CFLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(DEB_LDFLAGS)" $(CMAKE_FLAGS)
	cmake --build $(DEB_BUILD) -j $(JOBS)
	cd $(DEB_BUILD) && cpack -G DEB
	@ls $(DEB_BUILD)/dist/*.deb

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(INSTALL_BUILD) $(DEB_BUILD)
