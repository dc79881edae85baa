// Package openapi holds the OpenAPI 3.1 description of the service (every
// REST, legacy and system route) and the documentation page that renders
// it. The description is written by hand in YAML, which is easier to read
// and review than JSON, embedded in the binary, and served as JSON, the form
// every OpenAPI tool reads. The page and its assets are embedded too, so the
// documentation works without any network access (no CDN).
package openapi

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"sync"
)

//go:embed openapi.yaml
var source []byte

//go:embed docs/index.html docs/app.js docs/try.js docs/docs.css
var assets embed.FS

// spec is the JSON form of source with its ETag, converted once.
var spec = sync.OnceValues(func() (document, error) {
	b, err := yamlToJSON(source)
	if err != nil {
		return document{}, err
	}
	sum := sha256.Sum256(b)
	return document{json: b, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}, nil
})

type document struct {
	json []byte
	etag string
}

// JSON returns the description as compact JSON, keys in the order the YAML
// source writes them (so that tags, paths and operations appear on the docs
// page in the order chosen there). The error can only be a mistake in the
// embedded source, which the package's tests catch; a caller may treat it as
// fatal at startup.
func JSON() ([]byte, error) {
	d, err := spec()
	return d.json, err
}
