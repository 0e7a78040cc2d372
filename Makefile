# The two commands of the README: `make demo` and `make test`. Both install what is
# missing (scripts/install-deps), configure and build; nothing is set up by hand.

PREFIX ?= /usr/local
BUILD  ?= build/release
ASAN   ?= build/asan
FUZZ   ?= build/fuzz
# Inputs each fuzz target runs in `make fuzz`: halved twice on 2026-12-06, when the runs
# took about 100 s and `make test` was past its 20-minute budget; a longer run is
# `make fuzz FUZZ_RUNS_expr=1000000`, or one target alone (HACKING.md).
FUZZ_TARGETS = expr ingest snapshot control event
FUZZ_RUNS_expr     ?= 75000
FUZZ_RUNS_ingest   ?= 20000
FUZZ_RUNS_snapshot ?= 8000
FUZZ_RUNS_control  ?= 150000
FUZZ_RUNS_event    ?= 100000
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build release-tools asan fuzz fuzz-build test demo install deb bench tidy clean

all: build

deps:
	bash scripts/install-deps

# Release build with warnings as errors: what `make demo` and bench use. The library
# compiles one area at a time (SS_UNITY; figures in bench/HISTORY.md, "make test").
RELEASE_CONFIG = cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DSS_WERROR=ON -DSS_UNITY=ON
build: deps
	$(RELEASE_CONFIG)
	cmake --build $(BUILD) -j$(JOBS)

# What `make test` needs of the Release build: the tools, which the golden, man and
# end-to-end tests run, and the helpers of the end-to-end tests. The unit tests run in
# the sanitizer build.
release-tools: deps
	$(RELEASE_CONFIG)
	cmake --build $(BUILD) -j$(JOBS) --target ss-tools ss-test-helpers

# AddressSanitizer + UndefinedBehaviorSanitizer build for the unit and golden tests.
asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DSS_SANITIZE=ON -DSS_WERROR=ON -DSS_BUILD_BENCH=OFF -DSS_UNITY=ON
	cmake --build $(ASAN) -j$(JOBS)

# Every fuzz target of tests/fuzz under libFuzzer (clang, with ASan and UBSan):
# FUZZ_RUNS_<target> inputs from a fixed random seed, starting from the seed inputs, so
# a run is the same on every machine; new inputs it finds stay in $(FUZZ)/corpus/<target>.
fuzz: $(addprefix fuzz-run-,$(FUZZ_TARGETS))

fuzz-build: deps
	cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DSS_FUZZ=ON
	cmake --build $(FUZZ) -j$(JOBS)

fuzz-run-%: fuzz-build
	mkdir -p $(FUZZ)/corpus/$*
	$(FUZZ)/ss_$*_fuzz -seed=1 -runs=$(FUZZ_RUNS_$*) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	  $(FUZZ)/corpus/$* tests/fuzz/seeds/$*

# The sanitizer build runs every unit case in one process (a process per case, as
# CTest runs them, takes five times as long under ASan), then the golden cases and the
# cases on loghub's samples (skipped unless SS_LOGHUB_DIR names them; HACKING.md).
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

test: release-tools asan fuzz
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS) -L 'cli|man|e2e|lint'
	$(SANITIZER_ENV) $(ASAN)/tests/ss_unit_tests
	$(SANITIZER_ENV) ctest --test-dir $(ASAN) --output-on-failure -j$(JOBS) -L 'cli|loghub'

# clang-tidy (.clang-tidy: bug-prone patterns, needless copies, function size) over the
# library. By hand, not in `make test`: about 15 s of CPU a file.
tidy: deps
	cmake -S . -B build/tidy -DCMAKE_BUILD_TYPE=Release -DSS_BUILD_TESTS=OFF -DSS_BUILD_BENCH=OFF \
	  -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON > /dev/null
	run-clang-tidy -p build/tidy -quiet -j$(JOBS) '$(CURDIR)/lib/'

demo: build
	bash scripts/demo $(BUILD)/bin

# Installs binaries, man pages and completions; honours PREFIX and DESTDIR.
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package of the Release build in $(BUILD): the tools, their man pages and
# completions, with Depends found by dpkg-shlibdeps. The tools are built for this
# machine's CPU; for other machines configure $(BUILD) with -DSS_PORTABLE=ON first.
deb: release-tools
	cd $(BUILD) && cpack -G DEB

bench: build
	bash bench/run-all $(BUILD)/bin

clean:
	rm -rf build
