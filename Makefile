# Thin wrapper over CMake: `make` builds into build/, `make test` runs every test
# (a normal build and an ASan+UBSan build), `make run` starts the milter in the foreground.
BUILD ?= build
ASAN_BUILD ?= build-asan
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
RUN_SOCKET ?= inet:8899@127.0.0.1

.PHONY: all deps test-deps configure test test-plain test-asan run clean

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
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DPM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE no-asan

run: all
	@mkdir -p run
	@{ cat conf/patchmilter-dev.conf; [ "$$(id -u)" != 0 ] || echo "UserID nobody"; } > run/patchmilter.conf
	@[ "$$(id -u)" != 0 ] || chown nobody:nogroup run
	@echo "patchmilter: listening on $(RUN_SOCKET); point your MTA's smtpd_milters at it (Ctrl-C stops)"
	$(BUILD)/patchmilter run -f -c run/patchmilter.conf -p $(RUN_SOCKET)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
