package main

import (
	"context"
	"log/slog"
	"strings"

	"github.com/enquete/enquete/adapters/realtime"
	"github.com/enquete/enquete/adapters/realtime/natsbus"
	"github.com/enquete/enquete/adapters/realtime/pgbus"
	appboard "github.com/enquete/enquete/application/board"
	appcasework "github.com/enquete/enquete/application/casework"
	applive "github.com/enquete/enquete/application/live"
	"github.com/enquete/enquete/config"
	"github.com/enquete/enquete/ports"
)

// provideEventBus picks the bus that wakes the streams (live.bus): "auto" is
// LISTEN/NOTIFY on a PostgreSQL database, in-process otherwise.
func provideEventBus(ctx context.Context, cfg *config.Config, log *slog.Logger) (ports.EventBus, func(), error) {
	kind := cfg.Live.Bus
	if kind == "auto" {
		kind = "local"
		if strings.HasPrefix(cfg.Database.URL, "postgres://") || strings.HasPrefix(cfg.Database.URL, "postgresql://") {
			kind = "postgres"
		}
	}
	switch kind {
	case "postgres":
		url := cfg.Live.ListenURL
		if url == "" {
			url = cfg.Database.URL
		}
		b, err := pgbus.New(ctx, pgbus.Options{URL: url, Logger: log})
		if err != nil {
			return nil, nil, err
		}
		return b, b.Close, nil
	case "nats":
		b, err := natsbus.New(ctx, natsbus.Options{URL: cfg.Live.NATSURL, Logger: log})
		if err != nil {
			return nil, nil, err
		}
		return b, b.Close, nil
	}
	return realtime.NewLocal(), func() {}, nil
}

// provideLive runs the live service's upkeep (pruning, periodic re-reads)
// until cleanup, which also ends the streams.
func provideLive(cfg *config.Config, store *ports.Store, cw *appcasework.Service, bd *appboard.Service, bus ports.EventBus, clock ports.Clock, log *slog.Logger) (*applive.Service, func()) {
	svc := applive.NewService(applive.Deps{Store: store, Access: cw, Board: bd, Bus: bus, Clock: clock, Log: log},
		applive.Options{InstanceID: cfg.Live.InstanceID, KeepAlive: cfg.Live.KeepAlive, Retention: cfg.Live.Retention,
			TicketTTL: cfg.Live.TicketTTL, PruneEvery: cfg.Live.PruneEvery})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); svc.Run(ctx) }()
	return svc, func() { svc.CloseStreams(); cancel(); <-done }
}
