// Package porttest is the contract test suite of the repository ports. Every
// storage adapter (memory, GORM on SQLite, GORM on PostgreSQL) runs the same
// suite, so that they are interchangeable.
package porttest

import (
	"testing"

	"github.com/enquete/enquete/ports"
)

// Factory returns a fresh, empty, migrated store for one test.
type Factory func(t *testing.T) *ports.Store

// Run runs every port's contract against the stores newStore makes.
func Run(t *testing.T, newStore Factory) {
	t.Run("Users", func(t *testing.T) { RunUsers(t, newStore) })
	t.Run("Investigations", func(t *testing.T) { RunInvestigations(t, newStore) })
	t.Run("Members", func(t *testing.T) { RunMembers(t, newStore) })
	t.Run("Entities", func(t *testing.T) { RunEntities(t, newStore) })
	t.Run("Links", func(t *testing.T) { RunLinks(t, newStore) })
	t.Run("Tags", func(t *testing.T) { RunTags(t, newStore) })
	t.Run("Comments", func(t *testing.T) { RunComments(t, newStore) })
	t.Run("Attachments", func(t *testing.T) { RunAttachments(t, newStore) })
	t.Run("Sessions", func(t *testing.T) { RunSessions(t, newStore) })
	t.Run("Tx", func(t *testing.T) { RunTx(t, newStore) })
}
