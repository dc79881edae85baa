//go:build wireinject

package main

import (
	"context"
	"log/slog"

	"github.com/enquete/enquete/config"
	"github.com/google/wire"
)

// initApp assembles the service on the storage the configuration names.
func initApp(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, func(), error) {
	panic(wire.Build(coreSet, provideStore))
}

// initMemoryApp assembles the same service on the in-memory storage: the
// second injector, which tests use to swap the storage adapters.
func initMemoryApp(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, func(), error) {
	panic(wire.Build(coreSet, provideMemoryStore))
}
