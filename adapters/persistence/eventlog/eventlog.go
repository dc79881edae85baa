// Package eventlog holds what the event logs of the storage adapters (memory
// and GORM) share: which changes are logged, how a change becomes an event,
// and the fan-out of commit notices to the OnCommit callbacks.
package eventlog

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/enquete/enquete/ports"
)

// Logged reports whether c belongs in the event log. Attachment downloads
// are recorded for the chain of custody (the audit trail), but they change
// nothing that a collaborator's board shows.
func Logged(c ports.Change) bool {
	return !strings.HasSuffix(c.Type, "."+ports.Downloaded)
}

// Encode turns c into an event without its Seq. The payload is marshalled
// now, inside the use case, because Before and After may share memory with
// values the use case goes on using.
func Encode(c ports.Change) (ports.Event, error) {
	v := c.After
	if v == nil {
		v = c.Before
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return ports.Event{}, fmt.Errorf("eventlog: encode %s payload: %w", c.Type, err)
	}
	return ports.Event{
		InvestigationID: c.InvestigationID, Type: c.Type, ObjectID: c.ObjectID,
		ActorID: c.ActorID, At: c.At.UTC().Truncate(time.Microsecond), Payload: payload,
	}, nil
}

// Notifier calls the OnCommit callbacks.
type Notifier struct {
	mu  sync.RWMutex
	fns []func(ports.EventNotice)
}

// Add registers fn.
func (n *Notifier) Add(fn func(ports.EventNotice)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.fns = append(n.fns, fn)
}

// Notify calls every callback with notice.
func (n *Notifier) Notify(notice ports.EventNotice) {
	n.mu.RLock()
	fns := n.fns
	n.mu.RUnlock()
	for _, fn := range fns {
		fn(notice)
	}
}
