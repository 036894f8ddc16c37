# Thin wrapper over CMake: `make` builds into build/, `make test` runs every test
# (a normal build and an ASan+UBSan build), `make fuzz` runs each libFuzzer target for
# FUZZ_SECONDS (clang build in build-fuzz/), `make run` starts the milter in the foreground.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
RUN_SOCKET ?= inet:8899@127.0.0.1

.PHONY: all deps test-deps configure test test-plain test-asan fuzz run clean

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

fuzz: test-deps
	cmake -S fuzz -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	fuzz/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

run: all
	$(BUILD)/patchmilter run -f -c conf/patchmilter.conf -p $(RUN_SOCKET) --index patchmilter-index.sqlite

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
