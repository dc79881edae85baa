package gormstore_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/gorm/gormtest"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// createLocaleDatabase creates a database with the given locale options and
// returns its URL, or skips when the server cannot create it.
func createLocaleDatabase(t *testing.T, options string) string {
	t.Helper()
	gormtest.RequirePostgres(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, gormtest.PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	name := "enquete_test_locale_" + uuid.NewString()[:8]
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 `+options); err != nil {
		t.Skipf("this server cannot create a database with %s: %v", options, err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), gormtest.PostgresAdminURL())
		if err == nil {
			_, _ = c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			c.Close(context.Background())
		}
	})
	u, err := url.Parse(gormtest.PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestPostgresLocales: whatever the database's locale, tags sort in byte
// order (as in Django's C.UTF-8 database) and search folds Unicode case.
func TestPostgresLocales(t *testing.T) {
	for _, c := range []struct{ name, options string }{
		{"ICU French collation", `LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR' LOCALE 'C.UTF-8'`},
		{"C ctype (ASCII-only case mapping)", `LOCALE 'C'`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := gormtest.Open(t, createLocaleDatabase(t, c.options))
			s := db.Store()
			u := mustUser(t, db, "alice")
			inv := mustInvestigation(t, db, u)
			e := mustEntity(t, db, inv, u, board.EntityDraft{Title: "ÉMILE ZOLA", Description: "Ça"}, t0)
			var ids []uuid.UUID
			for _, name := range []string{"beta", "Zèbre", "ALPHA", "témoin", "Suspect"} {
				tg, _ := board.NewTag(inv.ID(), name, "", t0)
				if err := s.Tags.Create(ctx, tg); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, tg.ID())
			}
			if err := s.Entities.SetTags(ctx, e.ID(), ids); err != nil {
				t.Fatal(err)
			}
			want := []string{"ALPHA", "Suspect", "Zèbre", "beta", "témoin"}
			view, err := s.Entities.View(ctx, inv.ID(), e.ID())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tr := range view.Tags {
				got = append(got, tr.Name)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Entities.View tags = %q; want byte order %q", got, want)
			}
			listed, err := s.Tags.List(ctx, inv.ID())
			if err != nil {
				t.Fatal(err)
			}
			got = got[:0]
			for _, tv := range listed {
				got = append(got, tv.Tag.Name)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Tags.List = %q; want byte order %q", got, want)
			}
			for _, f := range []ports.EntityFilter{{Search: "émile"}, {Search: "ça"}, {Tag: "TÉMOIN"}, {Tag: "zÈbre"}} {
				found, err := s.Entities.List(ctx, inv.ID(), f)
				if err != nil || len(found) != 1 {
					t.Errorf("Entities.List(%+v) = %d entities, %v; want 1", f, len(found), err)
				}
			}
		})
	}
}
