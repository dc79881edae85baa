package legacy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// goldenDir holds the body of every successful JSON response of Django's
// transcript (reference/django-api-transcript.json), one file per step,
// byte for byte as Django sent it: testdata/golden/NNN.json.
const goldenDir = "testdata/golden"

// transcriptEnv names the transcript to extract the golden files from:
//
//	LEGACY_TRANSCRIPT=../../../../shared/reference/django-api-transcript.json \
//	    go test ./adapters/http/legacy -run TestExtractGolden
//
// Without it the test is skipped: the committed files are the reference.
const transcriptEnv = "LEGACY_TRANSCRIPT"

type transcript struct {
	Records []struct {
		Step     int    `json:"step"`
		Kind     string `json:"kind"`
		Response struct {
			Status      int    `json:"status"`
			ContentType string `json:"content_type"`
			Body        string `json:"body"`
			Encoding    string `json:"body_encoding"`
			Truncated   bool   `json:"body_truncated"`
			Length      int    `json:"body_length"`
		} `json:"response"`
	} `json:"records"`
}

func TestExtractGolden(t *testing.T) {
	path := os.Getenv(transcriptEnv)
	if path == "" {
		t.Skipf("set %s to the transcript to (re)extract %s", transcriptEnv, goldenDir)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tr transcript
	if err := json.Unmarshal(raw, &tr); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(goldenDir, 0o755); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range tr.Records {
		res := r.Response
		if r.Kind != "http" || res.Status != 200 || res.ContentType != "application/json" {
			continue
		}
		if res.Truncated || res.Encoding != "utf-8" || len(res.Body) != res.Length {
			t.Fatalf("step %d: body not usable as golden (truncated %v, encoding %q, %d of %d bytes)",
				r.Step, res.Truncated, res.Encoding, len(res.Body), res.Length)
		}
		if err := os.WriteFile(goldenFile(r.Step), []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	t.Logf("wrote %d golden files to %s", n, goldenDir)
}

func goldenFile(step int) string {
	return filepath.Join(goldenDir, fmt.Sprintf("%03d.json", step))
}
