package txhook_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/enquete/enquete/adapters/persistence/txhook"
)

func TestHooksRunInOrderAndMayAddMore(t *testing.T) {
	var h txhook.Hooks
	var got []string
	h.BeforeCommit(func(context.Context) error {
		got = append(got, "before 1")
		h.BeforeCommit(func(context.Context) error { got = append(got, "before 3 (added by 1)"); return nil })
		h.AfterCommit(func() { got = append(got, "after 2 (added by 1)") })
		return nil
	})
	h.BeforeCommit(func(context.Context) error { got = append(got, "before 2"); return nil })
	h.AfterCommit(func() { got = append(got, "after 1") })
	if err := h.RunBefore(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.RunAfter()
	h.RunAfter() // after-commit work runs once
	want := []string{"before 1", "before 2", "before 3 (added by 1)", "after 1", "after 2 (added by 1)"}
	if !slices.Equal(got, want) {
		t.Errorf("ran %q; want %q", got, want)
	}
}

func TestBeforeCommitErrorStops(t *testing.T) {
	var h txhook.Hooks
	boom := errors.New("boom")
	ran := false
	h.BeforeCommit(func(context.Context) error { return boom })
	h.BeforeCommit(func(context.Context) error { ran = true; return nil })
	if err := h.RunBefore(context.Background()); !errors.Is(err, boom) || ran {
		t.Errorf("RunBefore = %v, second hook ran = %v; want boom and no second hook", err, ran)
	}
}

func TestContextCarriesHooksPerOwner(t *testing.T) {
	var h txhook.Hooks
	a, b := new(int), new(int)
	ctx := txhook.With(context.Background(), a, &h)
	if txhook.From(ctx, a) != &h || txhook.From(ctx, b) != nil || txhook.From(context.Background(), a) != nil {
		t.Error("From does not return the owner's hooks only")
	}
}
