package memory_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/persistence/memory"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/audittest"
	"github.com/enquete/enquete/ports/porttest/revocationtest"
)

// The audit trail and token revocation contracts, as the SQL stores run them.
func TestAuditContract(t *testing.T) {
	audittest.Run(t, func(t *testing.T) *ports.Store { return memory.NewStore() })
}

func TestRevocationContract(t *testing.T) {
	revocationtest.Run(t, func(t *testing.T) *ports.Store { return memory.NewStore() })
}
