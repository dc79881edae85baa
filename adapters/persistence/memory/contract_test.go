package memory_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest"
)

// TestContract runs the repository ports' contract suite, the same the SQL
// adapters run, against the in-memory store.
func TestContract(t *testing.T) {
	porttest.Run(t, func(t *testing.T) *ports.Store { return memory.NewStore() })
}
