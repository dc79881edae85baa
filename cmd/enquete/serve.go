package main

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/enquete/enquete/adapters/http/httpserver"

	"github.com/enquete/enquete/config"
	"github.com/spf13/pflag"
)

// loadConfig parses the flags of a subcommand and loads the configuration.
func loadConfig(name string, args []string, extra func(fs *pflag.FlagSet)) (*config.Config, *pflag.FlagSet, error) {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	config.RegisterFlags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	cfg, err := config.Load(fs)
	if err != nil {
		return nil, nil, err
	}
	return cfg, fs, nil
}

func runServe(ctx context.Context, args []string) error {
	cfg, _, err := loadConfig("serve", args, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg)
	if path, err := cfg.EnsureJWTSecret(); err != nil {
		return err
	} else if path != "" {
		log.Warn("no JWT secret configured: using a generated development secret; set JWT_SECRET in production", "file", path)
	}
	app, cleanup, err := initApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer cleanup()
	return app.Serve(ctx)
}

// Serve listens until ctx is cancelled (SIGTERM, SIGINT), then stops
// accepting connections, closes event streams with a retry hint, and lets
// in-flight requests finish within the configured grace period.
func (a *App) Serve(ctx context.Context) error {
	h := a.Config.HTTP
	var tlsCfg *tls.Config
	if h.TLSCertFile != "" {
		var err error
		if tlsCfg, err = httpserver.TLSConfig(h.TLSCertFile, h.TLSKeyFile); err != nil {
			return err
		}
	}
	srv := httpserver.New(httpserver.Config{
		ReadHeaderTimeout: h.ReadHeaderTimeout, ReadTimeout: h.ReadTimeout, WriteTimeout: h.WriteTimeout,
		IdleTimeout: h.IdleTimeout, MaxHeaderBytes: h.MaxHeaderBytes, ShutdownGrace: h.ShutdownGrace,
		TLS: tlsCfg, OnShutdown: []func(){a.Live.CloseStreams},
	}, a.Handler, a.Log)
	ln, err := net.Listen("tcp", h.Addr)
	if err != nil {
		return err
	}
	a.Log.Info("enquete listening", "addr", ln.Addr().String(), "tls", tlsCfg != nil,
		"database", a.Config.Masked().Database.URL, "env", a.Config.Env)
	go func() {
		<-ctx.Done()
		a.Log.Info("shutting down", "grace", h.ShutdownGrace.String())
	}()
	err = httpserver.Serve(ctx, srv, ln, h.ShutdownGrace)
	a.Log.Info("stopped", "at", time.Now().UTC().Format(time.RFC3339), "err", err)
	return err
}
