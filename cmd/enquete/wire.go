//go:build wireinject

package main

import (
	"context"
	"log/slog"

	appaudit "github.com/enquete/enquete/application/audit"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/enquete/enquete/config"
	"github.com/enquete/enquete/ports"
	"github.com/google/wire"
)

// The provider sets live here, under the wireinject tag: only the generator
// reads them.

// storeFields exposes each repository of a ports.Store as a provider.
var storeFields = wire.FieldsOf(new(*ports.Store),
	"Tx", "Ping", "Users", "Sessions", "Investigations", "Members", "Entities", "Links", "Tags", "Comments", "Attachments")

// coreSet is everything but the storage: adapters chosen by configuration,
// use cases and the HTTP router. Each injector adds a storage provider.
var coreSet = wire.NewSet(
	storeFields,
	provideClock,
	provideMetrics,
	provideRateLimiter,
	provideEventBus,
	provideLive,
	provideBlobStore,
	provideHasher,
	provideTokens,
	provideSessions,
	provideIdentity,
	appaudit.NewService,
	appidentity.NewAvatars,
	appcasework.NewService,
	wire.Bind(new(ports.AccessPolicy), new(*appcasework.Service)),
	appboard.NewService,
	provideRouter,
	wire.Struct(new(App), "*"),
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
