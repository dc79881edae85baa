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
// In development a missing JWT secret is generated once and kept beside the
// embedded database (generated reports where), so that every command works
// on a fresh checkout.
func loadConfig(name string, args []string, extra func(fs *pflag.FlagSet)) (*config.Config, *pflag.FlagSet, error) {
	cfg, fs, _, err := loadConfigReporting(name, args, extra)
	return cfg, fs, err
}

func loadConfigReporting(name string, args []string, extra func(fs *pflag.FlagSet)) (cfg *config.Config, fs *pflag.FlagSet, generated string, err error) {
	fs = pflag.NewFlagSet(name, pflag.ContinueOnError)
	config.RegisterFlags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, "", err
	}
	if cfg, err = config.Load(fs); err != nil {
		return nil, nil, "", err
	}
	if generated, err = cfg.EnsureJWTSecret(); err != nil {
		return nil, nil, "", err
	}
	return cfg, fs, generated, nil
}

func runServe(ctx context.Context, args []string) error {
	cfg, _, generated, err := loadConfigReporting("serve", args, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg)
	if generated != "" {
		log.Warn("no JWT secret configured: using a generated development secret; set JWT_SECRET in production", "file", generated)
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
