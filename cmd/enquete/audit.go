package main

import (
	"context"
	"fmt"
)

// runAudit runs `enquete audit verify`: it checks every investigation's
// hash chain and exits non-zero when a record was edited or removed.
func runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return fmt.Errorf("usage: enquete audit verify")
	}
	cfg, _, err := loadConfig("audit", args[1:], nil)
	if err != nil {
		return err
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	rep, err := app.Audit.VerifyChain(ctx)
	if err != nil {
		return err
	}
	fmt.Print(rep.String())
	if !rep.OK() {
		return fmt.Errorf("audit trail: %d problem(s)", len(rep.Problems))
	}
	return nil
}
