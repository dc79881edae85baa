package httpserver

import (
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// reloadCheck is how often the certificate files are looked at again, so
// that a renewed certificate (certbot, cert-manager) is served without a
// restart.
var reloadCheck = time.Minute

// TLSConfig serves the certificate and key of two PEM files (the chain
// first in certFile, as every ACME client writes it): TLS 1.2 at least,
// the standard library's cipher choices, HTTP/2 and HTTP/1.1. The files
// are read now, so that a bad path or a mismatched key fails at start, and
// read again when they change; a renewal that cannot be loaded keeps the
// previous certificate.
func TLSConfig(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" || keyFile == "" {
		return nil, errors.New("httpserver: TLS needs both a certificate file and a key file")
	}
	l := &certLoader{certFile: certFile, keyFile: keyFile}
	if err := l.load(); err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:     tls.VersionTLS12,
		NextProtos:     []string{"h2", "http/1.1"},
		GetCertificate: l.get,
	}, nil
}

type certLoader struct {
	certFile, keyFile string
	mu                sync.Mutex
	cert              *tls.Certificate
	modTime           time.Time
	checked           time.Time
}

func (l *certLoader) load() error {
	stamp, err := l.stamp()
	if err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(l.certFile, l.keyFile)
	if err != nil {
		return fmt.Errorf("httpserver: load certificate: %w", err)
	}
	l.cert, l.modTime = &cert, stamp
	return nil
}

// stamp is the later modification time of the two files.
func (l *certLoader) stamp() (time.Time, error) {
	var latest time.Time
	for _, f := range []string{l.certFile, l.keyFile} {
		fi, err := os.Stat(f)
		if err != nil {
			return latest, fmt.Errorf("httpserver: %w", err)
		}
		if fi.ModTime().After(latest) {
			latest = fi.ModTime()
		}
	}
	return latest, nil
}

func (l *certLoader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now(); now.Sub(l.checked) >= reloadCheck {
		l.checked = now
		if stamp, err := l.stamp(); err == nil && !stamp.Equal(l.modTime) {
			// On failure (a renewal half written) load leaves the previous
			// certificate in place and the next check tries again.
			_ = l.load()
		}
	}
	return l.cert, nil
}
