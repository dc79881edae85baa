package gormstore_test

import (
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/ports"
	"github.com/enquete/enquete/ports/porttest"
)

// The port contract suite, run against both databases: the GORM adapter must
// be interchangeable with the memory one.
func TestContractSQLite(t *testing.T) {
	porttest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewSQLite(t).Store() })
}

func TestContractPostgres(t *testing.T) {
	gormtest.RequirePostgres(t)
	porttest.Run(t, func(t *testing.T) *ports.Store { return gormtest.NewPostgres(t).Store() })
}
