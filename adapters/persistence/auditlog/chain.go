package auditlog

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/enquete/enquete/ports"
)

// hashVersion starts every canonical encoding, so that a future encoding can
// coexist with this one (records would say which they use).
const hashVersion = "enquete-audit-v1"

// atLayout writes At with a fixed number of digits, so that one instant has
// one spelling.
const atLayout = "2006-01-02T15:04:05.000000Z"

// Seal makes r the record that follows head in its investigation's chain:
// the next seq, the head's hash as PrevHash, and its own Hash. The adapter
// calls it while holding the investigation's head locked. A zero head (no
// record yet) starts the chain at seq 1 with an empty PrevHash.
func Seal(r *ports.AuditRecord, head ports.AuditHead) {
	r.Seq = head.Seq + 1
	r.PrevHash = head.Hash
	r.At = Stamp(r.At)
	r.Hash = Hash(*r)
}

// Hash is the lower-case hex SHA-256 of r's canonical encoding, which covers
// every stored field but Hash itself: investigation, seq, time, actor, type,
// object, concerned entities, diff, address, request id, user agent and the
// previous hash. Each field is written as its byte length, a colon, its
// bytes and a newline, so that no two different records encode alike
// whatever their text contains.
func Hash(r ports.AuditRecord) string {
	fields := []string{
		r.InvestigationID.String(),
		strconv.FormatInt(r.Seq, 10),
		Stamp(r.At).Format(atLayout),
		strconv.FormatInt(r.ActorID, 10),
		r.Type,
		r.ObjectID,
		r.Entities,
		r.Diff,
		r.IP,
		r.RequestID,
		r.UserAgent,
		r.PrevHash,
	}
	h := sha256.New()
	h.Write([]byte(hashVersion + "\n"))
	for _, f := range fields {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
