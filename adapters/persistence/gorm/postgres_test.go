package gormstore

import "testing"

func TestWithCustomPlans(t *testing.T) {
	tests := map[string]string{
		"postgres://h/db":                                    "postgres://h/db?plan_cache_mode=force_custom_plan",
		"postgres://h/db?sslmode=disable":                    "postgres://h/db?sslmode=disable&plan_cache_mode=force_custom_plan",
		"postgres://h/db?plan_cache_mode=force_generic_plan": "postgres://h/db?plan_cache_mode=force_generic_plan",
	}
	for in, want := range tests {
		if got := withCustomPlans(in); got != want {
			t.Errorf("withCustomPlans(%q) = %q; want %q", in, got, want)
		}
	}
}
