package bundle_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	appboard "github.com/enquete/enquete/application/board"
	"github.com/enquete/enquete/application/bundle"
	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

func export(t *testing.T, s *server, id uuid.UUID) []byte {
	t.Helper()
	var buf bytes.Buffer
	rep, err := s.bundle.Export(context.Background(), id, &buf, nil)
	if err != nil {
		t.Fatalf("Export = %v", err)
	}
	if rep.Entities != 25 || rep.Links != 40 || rep.Comments != 12 || rep.Attachments != 3 || rep.Files != 5 || rep.Members != 4 {
		t.Fatalf("Export = %+v; want 25 entities, 40 links, 12 comments, 3 attachments, 5 files, 4 members", rep)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			src := newServer(t, b.open(t))
			res := src.populate()
			archive := export(t, src, res.InvestigationID)
			names, _ := readArchive(t, archive)
			if names[0] != bundle.ManifestName || names[len(names)-1] != bundle.SumsName || len(names) != 7 {
				t.Fatalf("archive entries = %v; want bundle.json, 5 files, SHA256SUMS", names)
			}

			dst := newServer(t, b.open(t))
			dst.addUsers("alice", "alice-1", "alice-2", "alice-3")
			rep, err := dst.bundle.Import(ctx, bytes.NewReader(archive), bundle.ImportOptions{})
			if err != nil {
				t.Fatalf("Import = %v", err)
			}
			if rep.Owner != "alice" || rep.InvestigationID == res.InvestigationID || rep.Code == res.Code ||
				len(rep.UnknownUsers) != 0 || rep.Files != 5 || rep.Entities != 25 {
				t.Fatalf("Import = %+v; want alice's copy with a new id and code, 5 files", rep)
			}
			again := export(t, dst, rep.InvestigationID)
			if got, want := normalized(t, again), normalized(t, archive); got != want {
				t.Fatalf("re-exported bundle differs:\n got %s\nwant %s", got, want)
			}
			// Every file came over byte for byte, and the attachments pass
			// the download's integrity check on the new server.
			_, before := readArchive(t, archive)
			_, after := readArchive(t, again)
			if !bytes.Equal(before[bundle.SumsName][:64], after[bundle.SumsName][:64]) {
				t.Fatalf("SHA256SUMS differ: %s vs %s", before[bundle.SumsName], after[bundle.SumsName])
			}
			checkDownloads(t, dst, rep)
			if len(dst.files()) != 5 {
				t.Fatalf("target files = %v; want 5", dst.files())
			}
		})
	}
}

// checkDownloads opens every attachment of the imported investigation
// through the download use case, which verifies the recorded SHA-256.
func checkDownloads(t *testing.T, s *server, rep bundle.ImportReport) {
	t.Helper()
	ctx := context.Background()
	owner, err := s.store.Users.ByUsername(ctx, rep.Owner)
	if err != nil {
		t.Fatal(err)
	}
	a := appboard.Actor{InvestigationID: rep.InvestigationID, UserID: owner.ID()}
	views, err := s.store.Entities.List(ctx, rep.InvestigationID, ports.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range views {
		atts, err := s.board.ListAttachments(ctx, a, v.Entity.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range atts {
			d, err := s.board.OpenAttachment(ctx, a, v.Entity.ID, at.Attachment.ID)
			if err != nil {
				t.Fatalf("OpenAttachment(%s) = %v", at.Attachment.Filename, err)
			}
			body, _ := io.ReadAll(d.Body)
			d.Body.Close()
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != at.Attachment.SHA256 || !strings.HasPrefix(string(body), "%PDF-1.4 rapport") {
				t.Fatalf("attachment %s: body %q does not match its digest", at.Attachment.Filename, body[:20])
			}
			n++
		}
	}
	if n != 3 {
		t.Fatalf("downloaded %d attachments; want 3", n)
	}
}

func TestImportIntoTheSameStoreMakesAnIndependentCopy(t *testing.T) {
	ctx := context.Background()
	s := newServer(t, backends[0].open(t))
	res := s.populate()
	archive := export(t, s, res.InvestigationID)
	rep, err := s.bundle.Import(ctx, bytes.NewReader(archive), bundle.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.files()) != 10 {
		t.Fatalf("files = %v; want the 5 originals and 5 copies", s.files())
	}
	// Deleting the copy leaves the original and its files intact.
	if _, err := s.store.Investigations.Delete(ctx, rep.InvestigationID); err != nil {
		t.Fatal(err)
	}
	if got := normalized(t, export(t, s, res.InvestigationID)); got != normalized(t, archive) {
		t.Fatal("the original changed after its copy was imported and deleted")
	}
}

func TestMissingUsersGoToTheImportingOwner(t *testing.T) {
	ctx := context.Background()
	src := newServer(t, backends[0].open(t))
	res := src.populate()
	archive := export(t, src, res.InvestigationID)
	dst := newServer(t, backends[0].open(t))
	dst.addUsers("carol", "alice", "alice-2")
	rep, err := dst.bundle.Import(ctx, bytes.NewReader(archive), bundle.ImportOptions{Owner: "carol"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.UnknownUsers, []string{"alice-1", "alice-3"}) || rep.Owner != "carol" {
		t.Fatalf("Import = %+v; want alice-1 and alice-3 unknown, carol owner", rep)
	}
	members, err := dst.store.Members.List(ctx, rep.InvestigationID)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, m := range members {
		roles[m.Username] = m.Member.Role.String()
	}
	want := map[string]string{"carol": "owner", "alice": "admin", "alice-2": "member"}
	if len(roles) != len(want) || roles["carol"] != "owner" || roles["alice"] != "admin" || roles["alice-2"] != "member" {
		t.Fatalf("members = %v; want %v", roles, want)
	}
	views, _ := dst.store.Entities.List(ctx, rep.InvestigationID, ports.EntityFilter{})
	for _, v := range views {
		if by := v.CreatedByUsername; by != "carol" && by != "alice" && by != "alice-2" {
			t.Fatalf("entity %q created by %q, who has no account here", v.Entity.Title, by)
		}
	}
}

func TestImportRequiresAnExistingOwner(t *testing.T) {
	src := newServer(t, backends[0].open(t))
	archive := export(t, src, src.populate().InvestigationID)
	dst := newServer(t, backends[0].open(t))
	for _, owner := range []string{"", "nobody"} {
		_, err := dst.bundle.Import(context.Background(), bytes.NewReader(archive), bundle.ImportOptions{Owner: owner})
		if !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("Import(owner %q) = %v; want an invalid owner", owner, err)
		}
	}
	if f := dst.files(); len(f) != 0 {
		t.Fatalf("files after a refused import = %v; want none", f)
	}
}

func TestExportOfAnUnknownInvestigation(t *testing.T) {
	s := newServer(t, backends[0].open(t))
	_, err := s.bundle.Export(context.Background(), uuid.New(), io.Discard, nil)
	if !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("Export(unknown) = %v; want not found", err)
	}
}
