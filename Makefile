# decnet — build, test, publish, bench, run. Everything it needs it installs (clang for the native-AOT link).
SHELL := /bin/bash
DOTNET ?= dotnet
RID := linux-x64
CONFIG := Release
OUT := out
BIN := $(OUT)/decnet
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
RESULTS := $(OUT)/test-results
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

# Native AOT links with clang; Debian ships it as clang-NN, so use whichever exists or install it.
CLANG = $(shell command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -1)

.PHONY: all deps build publish test run bench clean

all: publish

deps:
	@command -v $(DOTNET) >/dev/null || { echo "make: the .NET 10 SDK (dotnet) is required on PATH" >&2; exit 1; }
	@if [ -z "$(CLANG)" ]; then \
	  echo "make: installing clang (native AOT linker)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq clang zlib1g-dev >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq clang zlib1g-dev >/dev/null; fi; \
	fi
	@command -v logger >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq bsdutils >/dev/null; fi; }
	@command -v docker-compose >/dev/null && command -v dot >/dev/null || { \
	  echo "make: installing docker-compose and graphviz (topology tests: compose and DOT checks)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq docker-compose graphviz >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq docker-compose graphviz >/dev/null; fi; }
	@if [ ! -x /usr/sbin/dovecot ]; then \
	  echo "make: installing dovecot-imapd (real IMAP server for the emailgen end-to-end test)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq dovecot-imapd >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq dovecot-imapd >/dev/null; fi; \
	fi

build: deps
	$(DOTNET) build Decnet.csproj -c $(CONFIG) -p:SourceRevisionId=$(COMMIT) -nologo -v q

publish: deps
	$(DOTNET) publish Decnet.csproj -c $(CONFIG) -r $(RID) -o $(OUT) -p:SourceRevisionId=$(COMMIT) \
	  -p:CppCompilerAndLinker=$(CLANG) -nologo -v q
	@rm -f $(OUT)/decnet.dbg
	@ls -l $(BIN) | awk '{ printf "make: built %s (%.1f MB)\n", $$9, $$5/1048576 }'

# Unit tests (JIT) plus end-to-end tests that drive the published AOT binary.
test: publish
	$(DOTNET) build tests/Decnet.Tests -c $(CONFIG) -nologo -v q
	@rm -rf $(RESULTS)
	@set +e; DECNET_BIN=$(abspath $(BIN)) $(DOTNET) run --project tests/Decnet.Tests -c $(CONFIG) --no-build -- \
	  --report-trx --results-directory $(abspath $(RESULTS)) --progress off; rc=$$?; \
	  tests/summary.sh $(RESULTS); exit $$rc

# The main job on embedded defaults: a data dir this user can write, syslog on unprivileged ports.
run: publish
	$(BIN) supervise --udp 127.0.0.1:5514 --tcp 127.0.0.1:5514 --unix auto

# GeoLite2-Country for the GeoIP comparison (bench only, never shipped): npm's copy, pinned, latest as a fallback.
GEOLITE2 := $(OUT)/bench-data/geolite2
GEOLITE2_PKG := @ip-location-db/geolite2-country-mmdb
GEOLITE2_VERSION := 2.3.2026061719

$(GEOLITE2)/geolite2-country.mmdb:
	@mkdir -p $(GEOLITE2)
	@cd $(GEOLITE2) && { npm pack -q $(GEOLITE2_PKG)@$(GEOLITE2_VERSION) >/dev/null 2>&1 || npm pack -q $(GEOLITE2_PKG) >/dev/null; } \
	  && tar xzf ip-location-db-geolite2-country-mmdb-*.tgz --strip-components=1 package/geolite2-country.mmdb \
	  && rm -f ip-location-db-geolite2-country-mmdb-*.tgz || echo "make: could not fetch $(GEOLITE2_PKG); the MaxMind comparison is skipped" >&2

# The webhook figures run in the bench compiled native-AOT like the shipped binary (the JIT's own compiling and
# LiteDB-free hot path differ enough to matter there); the rest run under the JIT beside their comparisons
# (MaxMind's reader needs reflection, so it cannot be AOT-compiled).
BENCH_AOT := $(OUT)/bench-aot
bench: publish $(GEOLITE2)/geolite2-country.mmdb
	$(DOTNET) build tests/Decnet.Bench -c $(CONFIG) -nologo -v q
	@$(DOTNET) run --project tests/Decnet.Bench -c $(CONFIG) --no-build -- parse bus geoip topology emailgen cluster simulate
	$(DOTNET) publish tests/Decnet.Bench -c $(CONFIG) -r $(RID) -p:PublishAot=true -o $(BENCH_AOT) -nologo -v q
	@$(BENCH_AOT)/Decnet.Bench webhook
	@tests/bench-binary.sh $(abspath $(BIN))

clean:
	rm -rf $(OUT) bin obj tests/*/bin tests/*/obj
