package gormstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/auditlog"
	gormstore "github.com/enquete/enquete/adapters/persistence/gorm"
	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/audittest"
	"github.com/enquete/enquete/ports/porttest/revocationtest"
	"github.com/google/uuid"
)

// The audit trail and token revocation contracts on both databases.
func TestAuditContractSQLite(t *testing.T) {
	audittest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() })
}

func TestAuditContractPostgres(t *testing.T) {
	gormtest.RequirePostgres(t)
	audittest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() })
}

func TestRevocationContractSQLite(t *testing.T) {
	revocationtest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() })
}

func TestRevocationContractPostgres(t *testing.T) {
	gormtest.RequirePostgres(t)
	revocationtest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() })
}

// auditChain records n changes on one investigation and returns its id.
func auditChain(t *testing.T, db *gormstore.DB, n int) uuid.UUID {
	t.Helper()
	owner := mustUser(t, db, "alice")
	inv := mustInvestigation(t, db, owner)
	for i := range n {
		c := ports.Change{InvestigationID: inv.ID(), Type: "entity.updated", ObjectID: uuid.NewString(), ActorID: owner.ID(),
			At: t0, Before: map[string]string{"title": "v" + fmt.Sprint(i)}, After: map[string]string{"title": "v" + fmt.Sprint(i+1)}}
		if err := db.Store().Audit.Record(t.Context(), c); err != nil {
			t.Fatalf("Record = %v", err)
		}
	}
	return inv.ID()
}

// exec runs raw SQL as someone with direct database access would.
func exec(t *testing.T, db *gormstore.DB, query string) error {
	t.Helper()
	_, err := db.SQL().ExecContext(context.Background(), query)
	return err
}

// allowTampering removes the append-only triggers, as an attacker with the
// database owner's rights could, so that the chain is the last line.
func allowTampering(t *testing.T, db *gormstore.DB) {
	t.Helper()
	var stmts []string
	if db.Dialect() == "postgres" {
		stmts = []string{`ALTER TABLE enquete_audit DISABLE TRIGGER USER`}
	} else {
		stmts = []string{`DROP TRIGGER enquete_audit_no_update`, `DROP TRIGGER enquete_audit_no_delete`}
	}
	for _, s := range stmts {
		if err := exec(t, db, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestAuditIsAppendOnly: the database itself refuses to edit or delete a
// record, even to someone who bypasses the application.
func TestAuditIsAppendOnly(t *testing.T) {
	dialects(t, func(t *testing.T, db *gormstore.DB) {
		auditChain(t, db, 2)
		for _, q := range []string{`UPDATE enquete_audit SET diff = '{}' WHERE seq = 1`, `DELETE FROM enquete_audit WHERE seq = 1`} {
			if err := exec(t, db, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s = %v; want the append-only error", q, err)
			}
		}
		if db.Dialect() == "postgres" {
			if err := exec(t, db, `TRUNCATE enquete_audit`); err == nil {
				t.Error("TRUNCATE enquete_audit succeeded")
			}
		}
	})
}

// TestAuditTamperingIsDetected changes the stored trail behind the
// application's back in every way that matters and expects VerifyChain to
// name the damaged record.
func TestAuditTamperingIsDetected(t *testing.T) {
	// The attacker recomputes the hash of the record it edits; the next
	// record's link still gives it away. The formula is public (auditlog).
	rehash := `UPDATE enquete_audit SET diff = '{}', hash = '%s' WHERE seq = 2`
	cases := []struct {
		name    string
		tamper  func(t *testing.T, db *gormstore.DB) string
		wantSeq int64
		want    string
	}{
		{"diff edited", func(*testing.T, *gormstore.DB) string {
			return `UPDATE enquete_audit SET diff = '{"title":{"before":"v1","after":"forged"}}' WHERE seq = 2`
		}, 2, "altered"},
		{"address edited", func(*testing.T, *gormstore.DB) string {
			return `UPDATE enquete_audit SET ip = '10.0.0.1' WHERE seq = 4`
		}, 4, "altered"},
		{"actor edited", func(*testing.T, *gormstore.DB) string {
			return `UPDATE enquete_audit SET actor_id = actor_id + 1 WHERE seq = 1`
		}, 1, "altered"},
		{"middle record deleted", func(*testing.T, *gormstore.DB) string { return `DELETE FROM enquete_audit WHERE seq = 3` }, 4, "missing"},
		{"first record deleted", func(*testing.T, *gormstore.DB) string { return `DELETE FROM enquete_audit WHERE seq = 1` }, 2, "missing"},
		{"last record deleted", func(*testing.T, *gormstore.DB) string { return `DELETE FROM enquete_audit WHERE seq = 5` }, 0, "deleted"},
		{"whole chain deleted", func(*testing.T, *gormstore.DB) string { return `DELETE FROM enquete_audit` }, 0, "chain was deleted"},
		{"record rewritten with a valid hash", func(t *testing.T, db *gormstore.DB) string {
			return fmt.Sprintf(rehash, forgedHash(t, db))
		}, 3, "replaced"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dialects(t, func(t *testing.T, db *gormstore.DB) {
				inv := auditChain(t, db, 5)
				if rep, err := db.Store().Audit.Verify(t.Context()); err != nil || !rep.OK() {
					t.Fatalf("Verify before tampering = %v\n%s", err, rep)
				}
				allowTampering(t, db)
				if err := exec(t, db, c.tamper(t, db)); err != nil {
					t.Fatalf("tamper: %v", err)
				}
				rep, err := db.Store().Audit.Verify(t.Context())
				if err != nil {
					t.Fatalf("Verify = %v", err)
				}
				for _, p := range rep.Problems {
					if p.InvestigationID == inv && p.Seq == c.wantSeq && strings.Contains(p.Problem, c.want) {
						return
					}
				}
				t.Errorf("Verify after %s =\n%s\nwant a problem at seq %d mentioning %q", c.name, rep, c.wantSeq, c.want)
			})
		})
	}
}

// forgedHash is what an attacker who knows the formula would store for
// seq 2 with an emptied diff.
func forgedHash(t *testing.T, db *gormstore.DB) string {
	t.Helper()
	recs, err := db.Store().Audit.History(t.Context(), firstInvestigation(t, db), ports.AuditQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	r := recs[len(recs)-2] // seq 2
	r.Diff = "{}"
	return auditlog.Hash(r)
}

func firstInvestigation(t *testing.T, db *gormstore.DB) uuid.UUID {
	t.Helper()
	var id string
	if err := db.SQL().QueryRowContext(t.Context(), `SELECT investigation_id FROM enquete_audit_head`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return uuid.MustParse(id)
}
