// Package httpserver runs the HTTP listener: an http.Server with every
// timeout set, optional TLS from certificate files, and a graceful
// shutdown that stops accepting, lets in-flight requests finish within a
// grace period, then cuts what remains.
package httpserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Config is the listener's settings (config's http section).
type Config struct {
	// ReadHeaderTimeout bounds the request line and headers (slowloris).
	ReadHeaderTimeout time.Duration
	// ReadTimeout and WriteTimeout bound a whole request and response;
	// file transfers lengthen them per request (see httpapi.Limits).
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	// IdleTimeout closes keep-alive connections left unused.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the request headers (431 beyond); 64 KiB when
	// not positive, as http.DefaultMaxHeaderBytes (1 MiB) is generous.
	MaxHeaderBytes int
	// ShutdownGrace is how long in-flight requests may run after the stop
	// signal (default 20s).
	ShutdownGrace time.Duration
	// TLS, when set, serves HTTPS (see TLSConfig).
	TLS *tls.Config
	// OnShutdown run when the shutdown starts, each in its own goroutine:
	// long-lived responses (event streams) close there with a retry hint,
	// since Shutdown does not wait for them to end by themselves.
	OnShutdown []func()
}

const (
	defaultMaxHeaderBytes = 64 << 10
	defaultGrace          = 20 * time.Second
)

// New returns the server of handler h. Server errors (TLS handshakes,
// broken connections) go to log at warning level.
func New(c Config, h http.Handler, log *slog.Logger) *http.Server {
	if c.MaxHeaderBytes <= 0 {
		c.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    c.MaxHeaderBytes,
		TLSConfig:         c.TLS,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	for _, f := range c.OnShutdown {
		srv.RegisterOnShutdown(f)
	}
	return srv
}

// ErrGraceExceeded is returned by Serve when requests were still running
// at the end of the grace period and were cut.
var ErrGraceExceeded = errors.New("httpserver: shutdown grace period exceeded; remaining connections closed")

// Serve answers on ln until ctx ends (SIGTERM, SIGINT), then shuts down:
// the listener closes at once (new connections are refused), idle
// keep-alive connections close, in-flight requests run to completion
// within grace, and whatever still runs after that is cut. It returns nil
// after a clean shutdown.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	if grace <= 0 {
		grace = defaultGrace
	}
	if srv.TLSConfig != nil {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err // the listener failed before any stop signal
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	shutdownErr := srv.Shutdown(sctx)
	if errors.Is(shutdownErr, context.DeadlineExceeded) {
		srv.Close() // cut the requests that outlived the grace period
		shutdownErr = ErrGraceExceeded
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(err, shutdownErr)
	}
	if shutdownErr != nil {
		return fmt.Errorf("shutdown: %w", shutdownErr)
	}
	return nil
}
