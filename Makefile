# Enquête — the two commands a newcomer needs are `make run` and `make test`.
GO        ?= go
BIN       ?= bin/enquete
PKGS      := ./...
export CGO_ENABLED ?= 0

.PHONY: run test check build fmt vet staticcheck wire wire-check layers bench load clean

## run: serve the app on the embedded SQLite database (./data/enquete.db)
run:
	$(GO) run ./cmd/enquete serve

## test: every test, PostgreSQL ones on a throw-away database
test:
	$(GO) test -count=1 -timeout 20m $(PKGS)

## check: gofmt, go vet, staticcheck, generated code current, layer rule
check: fmt vet staticcheck wire-check layers

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) tool staticcheck $(PKGS)

## wire: regenerate cmd/enquete/wire_gen.go with the pinned generator
wire:
	$(GO) tool wire gen ./cmd/enquete

wire-check:
	@cp cmd/enquete/wire_gen.go /tmp/enquete_wire_gen.go.bak && \
	$(GO) tool wire gen ./cmd/enquete >/dev/null && \
	if ! diff -q /tmp/enquete_wire_gen.go.bak cmd/enquete/wire_gen.go >/dev/null; then \
		echo "cmd/enquete/wire_gen.go is stale: run 'make wire' and commit"; \
		cp /tmp/enquete_wire_gen.go.bak cmd/enquete/wire_gen.go; exit 1; fi

layers:
	$(GO) test -count=1 ./domain/

## build: a static binary
build:
	$(GO) build -trimpath -ldflags "-s -w" -o $(BIN) ./cmd/enquete

## bench: Go benchmarks of the hot paths, with allocations
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin data
