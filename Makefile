# TrueUp build and test entry points. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO        ?= go
# Go 1.27.3 fixes standard-library vulnerabilities that 1.26.8 has (make vulncheck); the go
# command fetches it once from the Go module proxy. Override with GOTOOLCHAIN=local.
GOTOOLCHAIN ?= go1.27.3
export GOTOOLCHAIN
TAGS_GUI  := desktop,production,webkit2_41
TAGS_DEV  := dev,webkit2_41
# The release version: the VERSION file is its one source (packages, Windows resources,
# Info.plist and `trueup --version` all take it from here); COMMIT names the build's commit.
VERSION   ?= $(shell cat VERSION)
COMMIT    ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
LDFLAGS   := -w -s -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN       := build/bin
DEV_PORT  ?= 34115
# The dev build serves every bound method to any web page, so it refuses the real data
# folder and keeps credentials in memory (internal/devbuild): this scratch folder is its.
DEV_DATA  ?= $(BIN)/dev-data
OUT       := test-output
RELEASE   := build/release
PACKAGER  := $(BIN)/packager

.PHONY: help setup frontend licenses bindings check-bindings build run dev test test-go test-frontend \
        vet windows e2e bench bench-ui bench-cards fuzz vulncheck clean packager icons installer deb \
        macos macos-assets release test-release

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

setup: ## install missing system packages (apt) and npm packages
	@scripts/setup.sh

frontend: setup licenses ## build the frontend into frontend/dist
	cd frontend && npm run build

licenses: setup ## list the shipped Go and npm packages' licences for the About screen (generated, never kept by hand)
	$(GO) run ./internal/licenses/cmd -tags $(TAGS_GUI) -frontend frontend -o frontend/src/generated/licenses.json

bindings: ## regenerate the typed Wails bindings in frontend/wailsjs
	@mkdir -p frontend/dist && [ -e frontend/dist/index.html ] || echo '<!doctype html>' > frontend/dist/index.html
	CGO_ENABLED=0 $(GO) build -tags bindings -o $(BIN)/bindings-gen . && (./$(BIN)/bindings-gen >/dev/null) && rm -f $(BIN)/bindings-gen

check-bindings: bindings ## fail when the committed bindings differ from the Go services
	@git diff --exit-code --stat -- frontend/wailsjs || { echo "frontend/wailsjs is out of date: run make bindings and commit"; exit 1; }

build: frontend ## build the desktop app into build/bin/trueup
	$(GO) build -tags $(TAGS_GUI) -ldflags "$(LDFLAGS)" -o $(BIN)/trueup .

run: build ## set up everything, build and open the app (demo workspace until you add an integration)
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		echo "No display found: starting TrueUp under Xvfb (invisible). Use 'make dev' to open it in a browser."; \
		xvfb-run -a -s "-screen 0 1440x900x24" ./$(BIN)/trueup; \
	else ./$(BIN)/trueup; fi

dev: frontend ## run the app and serve its UI at http://127.0.0.1:34115 (scratch data folder, credentials in memory)
	$(GO) build -tags $(TAGS_DEV) -o $(BIN)/trueup-dev .
	@mkdir -p $(DEV_DATA)
	@echo "Open http://127.0.0.1:$(DEV_PORT) in a browser (data folder $(DEV_DATA), credentials in memory)"
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then x="xvfb-run -a -s '-screen 0 1440x900x24'"; else x=""; fi; \
		assetdir=frontend/dist devserver=127.0.0.1:$(DEV_PORT) eval "$$x ./$(BIN)/trueup-dev --data-dir $(DEV_DATA)"

vet: frontend ## go vet (internal/ also as macOS code, tests included: its Objective-C calls compile here), and gofmt finds nothing to reformat
	$(GO) vet ./...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet ./internal/...
	@unformatted="$$(gofmt -l main.go app internal)"; [ -z "$$unformatted" ] || { echo "gofmt: run gofmt -w on:"; echo "$$unformatted"; exit 1; }

test-go: frontend ## Go tests, keychain tests against a private Secret Service
	scripts/with-keyring.sh $(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./internal/syncengine/ ./internal/store/ ./internal/httpx/

test-frontend: setup licenses ## typecheck and Vitest
	cd frontend && npm run typecheck && npm test

windows: frontend packager ## cross-compile the Windows app and its console twin for scripts (no cgo), with icon, version information and manifest
	@# go build leaves an output alone whose Go build ID is current, and resources and a
	@# signature keep that ID: without the rm a signed exe would stay and winres refuse it.
	rm -f $(BIN)/TrueUp.exe $(BIN)/trueup-cli.exe
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags desktop,production -ldflags "$(LDFLAGS) -H windowsgui" -o $(BIN)/TrueUp.exe .
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -tags desktop,production -ldflags "$(LDFLAGS)" -o $(BIN)/trueup-cli.exe .
	$(PACKAGER) winres --version $(VERSION) "$(BIN)/TrueUp.exe=TrueUp" "$(BIN)/trueup-cli.exe=TrueUp command line"

packager: ## build tools/packager (its own module: icons, Windows resources, Info.plist, .deb with nfpm)
	cd tools/packager && $(GO) build -o $(CURDIR)/$(PACKAGER) .

icons: packager ## every platform's icon from build/appicon.png into build/bin/icons/ (hicolor PNGs, .ico, .icns)
	$(PACKAGER) icons --src build/appicon.png --out $(BIN)/icons

installer: windows icons ## Windows installer build/release/TrueUp-Setup-VERSION.exe (NSIS); signed when SIGN_CERT is set
	scripts/package-windows.sh $(VERSION)

deb: build icons ## Debian/Ubuntu package build/release/trueup_VERSION_amd64.deb (nfpm)
	$(PACKAGER) deb --version $(VERSION) --out $(RELEASE)

macos-assets: icons ## the macOS bundle's Info.plist and TrueUp.icns into build/bin/darwin/ (works on any OS)
	@mkdir -p $(BIN)/darwin
	$(PACKAGER) plist --template build/darwin/Info.plist.tmpl --version $(VERSION) --out $(BIN)/darwin/Info.plist
	cp $(BIN)/icons/TrueUp.icns $(BIN)/darwin/TrueUp.icns

macos: frontend macos-assets ## on a Mac: universal TrueUp.app and build/release/TrueUp-VERSION-macos-universal.zip (signed when MACOS_SIGN_IDENTITY is set)
	scripts/package-macos.sh $(VERSION) "$(LDFLAGS)"

release: ## every package this machine can build into build/release/ with SHA256SUMS (on Linux the installer and the .deb; on a Mac the macOS app)
	rm -rf $(RELEASE)
	@if [ "$$(uname -s)" = Darwin ]; then $(MAKE) macos; else $(MAKE) installer deb macos-assets; fi
	cd $(RELEASE) && sum=$$(command -v sha256sum || echo 'shasum -a 256') && $$sum -- $$(ls | grep -v '^SHA256SUMS$$') > SHA256SUMS
	@cat $(RELEASE)/SHA256SUMS

test-release: ## build the release signed with a throwaway certificate, verify signatures, resources and checksums, install the .deb and run it
	scripts/test-release.sh

e2e: frontend ## end-to-end tests: real app (dev build) + Chromium via playwright-core, screenshots in test-output/
	$(GO) build -tags $(TAGS_DEV) -o $(BIN)/trueup-dev .
	$(GO) build -o $(BIN)/fakenotifyd ./internal/desktopnotify/notifytest/fakenotifyd
	scripts/e2e.sh

fuzz: ## run every Go fuzz target for FUZZTIME (default 10s) each
	scripts/fuzz.sh

vulncheck: frontend ## govulncheck of the untagged, desktop and dev builds against an offline vulnerability database
	scripts/vulncheck.sh

test: setup frontend vet check-bindings test-go test-frontend windows e2e fuzz vulncheck test-release ## every test (what CI runs)
	@echo "All tests passed."

bench: ## benchmarks: Full Sync of a large simulated ConnectWise tenant and of an Autotask database (3 requests in flight), QuickSync after a 1% change, building cards, mapping suggestions, cards from the cache
	$(GO) test -run '^$$' -bench . -benchtime 1x -benchmem ./internal/syncengine/
	$(GO) test -run '^$$' -bench BenchmarkFullSync -benchtime 1x -benchmem ./internal/connectors/autotask/
	$(GO) test -run '^$$' -bench . -benchmem ./internal/reconcile/
	$(GO) test -run '^$$' -bench BenchmarkSnapshot -benchtime 3x -benchmem ./internal/workspace/

bench-ui: frontend ## first-paint benchmark: launch the dev app, time until Sync Status shows real content
	$(GO) build -tags $(TAGS_DEV) -o $(BIN)/trueup-dev .
	scripts/bench-ui.sh

bench-cards: frontend ## Reconcile screen with 10,000 cards in Chromium (stubbed bindings): first render, frame times while scrolling
	scripts/bench-cards.sh

clean: ## remove build output
	rm -rf $(BIN) $(RELEASE) frontend/dist $(OUT)
