# Hark: the two commands a newcomer runs are `make run` and `make test`.
SHELL := /bin/bash
CONFIG ?= config/hark.toml
MODELS_DIR ?= $(CURDIR)/models
SWIFT ?= swift

.PHONY: run test test-deb deps deps-test build build-debug models broker check-config service-check install deb fuzz soak clean
# Release builds link the Swift runtime statically: the binary (and the .deb) need no toolchain.
RELEASE_FLAGS := -c release --static-swift-stdlib
VERSION := $(shell sed -n 's/.*static let string = "\(.*\)".*/\1/p' Sources/HarkCore/HarkVersion.swift)
DEB := dist/hark_$(VERSION)_$(shell dpkg --print-architecture).deb

## make run: install what is missing, build release, start a local broker if none answers, run the daemon.
run: deps build models broker
	.build/release/hark run --config $(CONFIG)

## make test: install what the tests need, build the release .deb, then the whole test suite (suites
## one at a time: several measure real-time behaviour and must not compete with broker floods for the
## 2 cores). DebianPackageTests installs and purges the .deb: it needs root or passwordless sudo and
## reports itself skipped without them.
test: deps-test models deb
	HARK_DEB=$$(if [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then echo "$(CURDIR)/$(DEB)"; fi) $(SWIFT) test --no-parallel

## make test-deb: build the .deb, then only install, run, remove and purge it (DebianPackageTests).
test-deb: deps-test models deb
	HARK_DEB=$(CURDIR)/$(DEB) $(SWIFT) test --no-parallel --filter DebianPackageTests

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

build:
	$(SWIFT) build $(RELEASE_FLAGS) --product hark

build-debug:
	$(SWIFT) build

## make models: install and convert the model weights into $(MODELS_DIR) (skipped when up to date).
models:
	@if [ -x scripts/install-models.sh ]; then scripts/install-models.sh "$(MODELS_DIR)"; else echo "models: no installer yet"; fi

broker:
	@scripts/local-broker.sh localhost 1883

check-config: build
	.build/release/hark check-config $(CONFIG)

## make service-check: systemd-analyze verify and security for systemd/hark.service.
service-check: build
	@unit=$$(mktemp -d)/hark.service; sed "s#/usr/local/bin/hark#$(CURDIR)/.build/release/hark#" systemd/hark.service > $$unit; \
	  systemd-analyze verify $$unit && systemd-analyze security --offline=true $$unit | tail -1

## make install: binary, unit, sample config (kept if present) and models, for systemd.
install: build models
	install -D -m 0755 .build/release/hark /usr/local/bin/hark
	install -D -m 0644 systemd/hark.service /etc/systemd/system/hark.service
	install -d -m 0755 /etc/hark /etc/hark/credentials
	[ -f /etc/hark/hark.toml ] || sed 's#^dir = "../models"#dir = "/usr/local/share/hark/models"#' $(CONFIG) > /etc/hark/hark.toml
	install -d /usr/local/share/hark/models && cp -r $(MODELS_DIR)/. /usr/local/share/hark/models/
	systemctl daemon-reload || true

## make deb: dist/hark_<version>_<arch>.deb (binary, unit, /etc/hark/hark.toml conffile, models, licences).
deb: build models
	@scripts/build-deb.sh .build/release/hark $(MODELS_DIR) dist

## make fuzz: every libFuzzer target for FUZZ_SECONDS each (default 60) on its committed seed corpus.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

## make soak [MINUTES=60]: the release daemon under load; table and SVG of RSS, fds and threads.
MINUTES ?= 60
soak: build models
	@scripts/soak.sh $(MINUTES)

clean:
	rm -rf .build
