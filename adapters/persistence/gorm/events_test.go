package gormstore_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest/eventtest"
)

// The live-collaboration ports' contract suite (event log, stream tickets,
// presence), run against both databases.
func TestEventContractSQLite(t *testing.T) {
	eventtest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() })
}

func TestEventContractPostgres(t *testing.T) {
	gormtest.RequirePostgres(t)
	eventtest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() })
}
