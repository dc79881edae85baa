package memory

import (
	"context"
	"strings"
	"testing"

	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// TestAuditTamperingIsDetected edits the memory store's records behind its
// back, as the SQL stores' tests do with raw SQL.
func TestAuditTamperingIsDetected(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func([]ports.AuditRecord) []ports.AuditRecord
		want   string
	}{
		{"diff edited", func(r []ports.AuditRecord) []ports.AuditRecord { r[1].Diff = `{"x":{"before":1,"after":2}}`; return r }, "seq 2: the hash does not match"},
		{"middle deleted", func(r []ports.AuditRecord) []ports.AuditRecord { return append(r[:1:1], r[2:]...) }, "seq 3 follows seq 1"},
	} {
		d := &db{st: newState()}
		a := auditTrail{d}
		inv := uuid.New()
		for range 3 {
			if err := a.Record(context.Background(), ports.Change{InvestigationID: inv, Type: "tag.created", ObjectID: uuid.NewString(), ActorID: 1}); err != nil {
				t.Fatal(err)
			}
		}
		d.st.audit = c.tamper(d.st.audit)
		rep, err := a.Verify(context.Background())
		if err != nil || rep.OK() || !strings.Contains(rep.String(), c.want) {
			t.Errorf("%s: Verify = %v\n%s\nwant %q", c.name, err, rep, c.want)
		}
	}
}
