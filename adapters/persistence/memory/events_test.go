package memory_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/eventtest"
)

// TestEventContract runs the live-collaboration ports' contract suite (event
// log, stream tickets, presence) against the in-memory store.
func TestEventContract(t *testing.T) {
	eventtest.Run(t, func(t *testing.T) *ports.Store { return memory.NewStore() })
}
