package httpserver_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/enquete/enquete/adapters/http/httpserver"
)

// writeCert writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files, and returns it parsed.
func writeCert(t *testing.T, dir, name string, mtime time.Time) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(path, typ string, der []byte) {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "EC PRIVATE KEY", keyDER)
	cert, _ = x509.ParseCertificate(der)
	return certFile, keyFile, cert
}

func clientTrusting(certs ...*x509.Certificate) *http.Client {
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
}

// TestTLS: the router served over TLS answers with HSTS (the request came
// over TLS), and plain HTTP on the TLS port is refused.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, cert := writeCert(t, dir, "a", time.Now())
	cfg, err := httpserver.TLSConfig(certFile, keyFile)
	if err != nil {
		t.Fatalf("TLSConfig = %v", err)
	}
	if cfg.MinVersion < tls.VersionTLS12 {
		t.Errorf("MinVersion %x; want TLS 1.2 at least", cfg.MinVersion)
	}
	h, _, _ := newRouter(t)
	addr, _, _ := serve(t, h, httpserver.Config{TLS: cfg})
	resp, err := clientTrusting(cert).Get("https://" + addr + "/health")
	if err != nil {
		t.Fatalf("GET over TLS: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Strict-Transport-Security") != "max-age=31536000; includeSubDomains" {
		t.Errorf("over TLS: %d, HSTS %q; want 200 with HSTS", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	if resp, err := http.Get("http://" + addr + "/health"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Errorf("plain HTTP on the TLS port answered 200")
		}
	}
}

// TestTLSConfigErrors: a missing file or a key of another certificate
// fails at start.
func TestTLSConfigErrors(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	certA, _, _ := writeCert(t, a, "a", time.Now())
	_, keyB, _ := writeCert(t, b, "b", time.Now())
	for _, tt := range []struct{ name, cert, key string }{
		{"no files", "", ""},
		{"missing cert", filepath.Join(a, "nope.pem"), keyB},
		{"mismatched key", certA, keyB},
	} {
		if _, err := httpserver.TLSConfig(tt.cert, tt.key); err == nil {
			t.Errorf("%s: TLSConfig = nil error; want one", tt.name)
		}
	}
}

// TestTLSReload: renewed certificate files are served without a restart.
func TestTLSReload(t *testing.T) {
	defer httpserver.SetReloadCheck(0)()
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	certFile, keyFile, first := writeCert(t, dir, "first", old)
	cfg, err := httpserver.TLSConfig(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := newRouter(t)
	addr, _, _ := serve(t, h, httpserver.Config{TLS: cfg})
	var second *x509.Certificate
	served := func() string {
		t.Helper()
		trusted := []*x509.Certificate{first}
		if second != nil {
			trusted = append(trusted, second)
		}
		resp, err := clientTrusting(trusted...).Get("https://" + addr + "/health")
		if err != nil {
			t.Fatalf("GET: %v", err)
		}
		resp.Body.Close()
		return resp.TLS.PeerCertificates[0].Subject.CommonName
	}
	if got := served(); got != "first" {
		t.Fatalf("served %q; want first", got)
	}
	_, _, second = writeCert(t, dir, "second", time.Now())
	if got := served(); got != "second" {
		t.Errorf("after renewal: served %q; want second", got)
	}
}
