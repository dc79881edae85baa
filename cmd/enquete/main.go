// Command enquete is the Enquête service and its admin tools, in one binary:
//
//	enquete serve                 serve the HTTP API (default)
//	enquete migrate [up|status]   apply or list the database migrations
//	enquete createuser            create an account
//	enquete changepassword        set an account's password
//	enquete verify-files          check stored attachments against their SHA-256
//	enquete gc-files              remove files that no row references
//	enquete audit verify          check the audit trail's hash chains
//	enquete seed                  create demo or benchmark data
//	enquete export / import       move one investigation with its files
//
// Configuration comes from enquete.yaml, ENQUETE_* environment variables
// and flags; see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name  string
	usage string
	run   func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the HTTP API", runServe},
		{"migrate", "apply (up, the default) or list (status) database migrations", runMigrate},
		{"createuser", "create an account: --username --email [--password or prompt]", runCreateUser},
		{"changepassword", "set a password: --username [--password or prompt]", runChangePassword},
		{"verify-files", "check every attachment against its recorded SHA-256", runVerifyFiles},
		{"gc-files", "remove stored files no row references [--dry-run] [--min-age 1h]", runGCFiles},
		{"audit", "verify: check every investigation's audit hash chain", runAudit},
		{"seed", "create a demo or benchmark board: --entities N --links M", runSeed},
		{"export", "write one investigation and its files to a bundle: --investigation ID --out FILE", runExport},
		{"import", "recreate an investigation from a bundle: --in FILE [--owner USERNAME]", runImport},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	name, args := "serve", os.Args[1:]
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			if err := c.run(ctx, args); err != nil {
				fmt.Fprintln(os.Stderr, "enquete "+name+":", err)
				os.Exit(1)
			}
			return
		}
	}
	fmt.Fprintf(os.Stderr, "enquete: unknown command %q\n\ncommands:\n", name)
	for _, c := range commands() {
		fmt.Fprintf(os.Stderr, "  %-15s %s\n", c.name, c.usage)
	}
	os.Exit(2)
}
