package disk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
)

func TestPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body := "hello evidence"
	info, err := s.Put(ctx, "entity_photos/portrait.png", strings.NewReader(body), 0)
	if err != nil {
		t.Fatalf("Put() = %v", err)
	}
	sum := sha256.Sum256([]byte(body))
	if info.Name != "entity_photos/portrait.png" || info.Size != int64(len(body)) || info.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("Put() = %+v", info)
	}
	// A second file of the same name gets Django's 7-character suffix.
	again, err := s.Put(ctx, "entity_photos/portrait.png", strings.NewReader("other"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^entity_photos/portrait_[A-Za-z0-9]{7}\.png$`).MatchString(again.Name) {
		t.Errorf("second Put() name = %q; want a suffixed name", again.Name)
	}
	f, size, err := s.Open(ctx, info.Name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if string(got) != body || size != int64(len(body)) {
		t.Errorf("Open() = %q (%d); want %q", got, size, body)
	}
	var names []string
	if err := s.Walk(ctx, "", func(e ports.BlobEntry) error { names = append(names, e.Name); return nil }); err != nil || len(names) != 2 {
		t.Errorf("Walk() = %v, %v; want 2 files", names, err)
	}
	if err := s.Delete(ctx, info.Name); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Open(ctx, info.Name); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("Open() after Delete = %v; want not found", err)
	}
	if err := s.Delete(ctx, info.Name); err != nil {
		t.Errorf("Delete() of a missing file = %v; want nil", err)
	}
}

func TestPutLimitKeepsNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := New(t.TempDir())
	_, err := s.Put(ctx, "attachments/big.bin", strings.NewReader(strings.Repeat("x", 11)), 10)
	if !errors.Is(err, fault.ErrTooLarge) {
		t.Fatalf("Put() beyond the limit = %v; want too large", err)
	}
	n := 0
	_ = s.Walk(ctx, "", func(ports.BlobEntry) error { n++; return nil })
	if n != 0 {
		t.Errorf("Walk() after a refused upload found %d files; want 0", n)
	}
	if _, err := s.Put(ctx, "attachments/ok.bin", strings.NewReader(strings.Repeat("x", 10)), 10); err != nil {
		t.Errorf("Put() at the limit = %v", err)
	}
}

func TestNamesCannotEscapeTheRoot(t *testing.T) {
	s, _ := New(t.TempDir())
	for _, name := range []string{"../../etc/passwd", "/etc/passwd", "a/../../b", "..", "", "a\\b", ".hidden", "a/.upload-x"} {
		if _, err := s.Put(context.Background(), name, strings.NewReader("x"), 0); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("Put(%q) = %v; want invalid", name, err)
		}
		if _, _, err := s.Open(context.Background(), name); err == nil {
			t.Errorf("Open(%q) = nil error; want a refusal", name)
		}
	}
}
