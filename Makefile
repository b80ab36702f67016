# kestractl — build, install, test, demo, bench, proto, lint.
# Every binary goes to ./bin (override with BIN=...).

GO      ?= go
BIN     ?= $(CURDIR)/bin
PREFIX  ?= /usr/local
# Static binaries: no dynamic loader at start (about 2 ms per process) and
# they run on any Linux.
export CGO_ENABLED ?= 0
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
TOOLS   := $(CURDIR)/.cache/tools

# Bundled plugins: plugins/<name> (with a main.go) builds bin/kestractl-<name>.
PLUGINS := $(notdir $(patsubst %/,%,$(dir $(wildcard plugins/*/main.go))))
PLUGIN_MODULES := $(patsubst %/,%,$(dir $(wildcard plugins/*/go.mod)))
MODULES := sdk core cmd $(PLUGIN_MODULES) kestrasim e2e bench examples/hello-plugin
PKGS    := $(addsuffix /...,$(addprefix ./,$(MODULES)))

# Pinned staticcheck (make lint).
STATICCHECK_MODULE  := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Pinned code generators (make proto).
BUF_VERSION                := v1.75.0
PROTOC_GEN_GO_VERSION      := v1.36.12
PROTOC_GEN_GO_GRPC_VERSION := v1.6.2

.PHONY: all build install test unit e2e demo bench proto lint tidy modcheck fuzz docs clean

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kestractl ./cmd/kestractl
	@for p in $(PLUGINS); do \
		echo "$(GO) build -ldflags \"$(LDFLAGS)\" -o $(BIN)/kestractl-$$p ./plugins/$$p"; \
		$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/kestractl-$$p ./plugins/$$p || exit 1; \
	done
	@if [ -f kestrasim/main.go ]; then \
		echo "$(GO) build -ldflags \"-s -w\" -o $(BIN)/kestrasim ./kestrasim"; \
		$(GO) build -ldflags "-s -w" -o $(BIN)/kestrasim ./kestrasim; \
	fi
	@# The example third-party plugin goes to its own directory: it is not bundled.
	$(GO) build -ldflags "-s -w" -o $(BIN)/examples/kestractl-hello ./examples/hello-plugin

# kestractl and its bundled plugins into $(PREFIX)/bin (kestractl finds
# the plugins next to itself); DESTDIR prefixes it for packaging.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN)/kestractl $(addprefix $(BIN)/kestractl-,$(PLUGINS)) $(DESTDIR)$(PREFIX)/bin

# All tests: unit, contract and end-to-end (against the binaries in $(BIN)).
# The e2e tests run 8 at a time against one shared kestrasim process
# (e2e/README.md; `make e2e E2E_FLAGS=-parallel=N` to change it).
test: build
	KESTRACTL_BIN_DIR=$(BIN) $(GO) test -count=1 $(PKGS)

unit:
	$(GO) test $(filter-out ./e2e/...,$(PKGS))

e2e: build
	KESTRACTL_BIN_DIR=$(BIN) $(GO) test -count=1 $(E2E_FLAGS) ./e2e/...

# The main job against kestrasim (see scripts/demo.sh).
demo: build
	./scripts/demo.sh $(BIN)

# Benchmarks: every program in bench/cmd prints ratios against a baseline
# measured in the same run (BENCH=dispatch runs one).
BENCH ?= $(notdir $(patsubst %/,%,$(wildcard bench/cmd/*/)))
bench: build
	@for b in $(BENCH); do \
		echo "== bench $$b"; \
		KESTRACTL_BIN_DIR=$(BIN) $(GO) run ./bench/cmd/$$b -bin $(BIN) || exit 1; \
	done

# Regenerate the README's command reference from the bundled plugins' manifests.
docs: build
	env -u KESTRACTL_PLUGIN_PATH XDG_CACHE_HOME=$(CURDIR)/.cache/docs $(BIN)/kestractl docs --readme README.md

proto:
	@mkdir -p $(TOOLS)
	GOBIN=$(TOOLS) $(GO) install github.com/bufbuild/buf/cmd/buf@$(BUF_VERSION)
	GOBIN=$(TOOLS) $(GO) install google.golang.org/protobuf/cmd/protoc-gen-go@$(PROTOC_GEN_GO_VERSION)
	GOBIN=$(TOOLS) $(GO) install google.golang.org/grpc/cmd/protoc-gen-go-grpc@$(PROTOC_GEN_GO_GRPC_VERSION)
	cd sdk && PATH=$(TOOLS):$$PATH buf lint && PATH=$(TOOLS):$$PATH buf generate

lint:
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@mkdir -p $(TOOLS)
	@test -x $(TOOLS)/staticcheck || GOBIN=$(TOOLS) $(GO) install $(STATICCHECK_MODULE)
	$(TOOLS)/staticcheck $(PKGS)

# Every module on the same dependency versions, each tidy (scripts/sync-modules.sh).
tidy:
	./scripts/sync-modules.sh

# CI: the modules are in sync and tidy, and each builds outside the
# workspace, the way a third party builds against the SDK.
modcheck:
	@./scripts/sync-modules.sh
	@if [ -n "$$(git status --porcelain -- '*.mod' '*.sum' go.work.sum)" ]; then \
		echo "go work sync / go mod tidy change the module files: run 'make tidy' and commit"; git status --porcelain; exit 1; fi
	@for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) build -o /dev/null ./... ) || { echo "$$m does not build outside the workspace"; exit 1; }; done

# Short fuzzing pass over every parser (FUZZTIME=30s for longer).
FUZZTIME ?= 10s
# A short minimisation keeps a brief pass within its time (a long one can
# outlive -fuzztime and be reported as a failure).
FUZZMINIMIZE ?= 1s
fuzz:
	@for spec in $$(grep -rl --include='*_test.go' '^func Fuzz' $(MODULES) | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -h '^func Fuzz' $$spec/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "== $$spec $$f"; $(GO) test ./$$spec -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) || exit 1; \
		done; \
	done

clean:
	rm -rf $(BIN)
