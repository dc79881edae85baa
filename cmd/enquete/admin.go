package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	appidentity "github.com/enquete/enquete/application/identity"
	"github.com/spf13/pflag"
)

func runMigrate(ctx context.Context, args []string) error {
	cfg, fs, err := loadConfig("migrate", args, nil)
	if err != nil {
		return err
	}
	action := "up"
	if fs.NArg() > 0 {
		action = fs.Arg(0)
	}
	if strings.HasPrefix(cfg.Database.URL, "memory:") {
		return errors.New("the in-memory store has no migrations")
	}
	db, err := openDatabase(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	switch action {
	case "up":
		rep, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		fmt.Println(rep.String())
		return nil
	case "status":
		states, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range states {
			fmt.Printf("%+v\n", s)
		}
		return nil
	}
	return fmt.Errorf("unknown migrate action %q (up or status)", action)
}

func runCreateUser(ctx context.Context, args []string) error {
	var username, email, password, first, last string
	cfg, _, err := loadConfig("createuser", args, func(fs *pflag.FlagSet) {
		fs.StringVar(&username, "username", "", "user name (required)")
		fs.StringVar(&email, "email", "", "e-mail address (required)")
		fs.StringVar(&password, "password", "", "password (default: $ENQUETE_PASSWORD, or read from stdin)")
		fs.StringVar(&first, "first-name", "", "first name")
		fs.StringVar(&last, "last-name", "", "last name")
	})
	if err != nil {
		return err
	}
	if password, err = readPassword(password); err != nil {
		return err
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	res, err := app.Identity.Register(ctx, appidentity.RegisterInput{Username: username, Email: email, Password: password, FirstName: first, LastName: last})
	if err != nil {
		return err
	}
	fmt.Printf("created user %q (id %d)\n", res.User.Username, res.User.ID)
	return nil
}

func runChangePassword(ctx context.Context, args []string) error {
	var username, password string
	cfg, _, err := loadConfig("changepassword", args, func(fs *pflag.FlagSet) {
		fs.StringVar(&username, "username", "", "user name (required)")
		fs.StringVar(&password, "password", "", "new password (default: $ENQUETE_PASSWORD, or read from stdin)")
	})
	if err != nil {
		return err
	}
	if password, err = readPassword(password); err != nil {
		return err
	}
	app, cleanup, err := initApp(ctx, cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	defer cleanup()
	if err := app.Identity.SetPassword(ctx, username, password); err != nil {
		return err
	}
	fmt.Printf("password changed for %q\n", username)
	return nil
}

// readPassword takes the flag, then $ENQUETE_PASSWORD, then one line of stdin,
// so that passwords need not appear in the process list.
func readPassword(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("ENQUETE_PASSWORD"); env != "" {
		return env, nil
	}
	fmt.Fprint(os.Stderr, "Password: ")
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
