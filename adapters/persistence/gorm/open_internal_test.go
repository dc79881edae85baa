package gormstore

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	cases := []struct {
		url    string
		kind   kind
		target string
	}{
		{"postgres://u:p@db:5432/enquete?sslmode=disable", dialectPostgres, "postgres://u:p@db:5432/enquete?sslmode=disable"},
		{"postgresql://db/enquete", dialectPostgres, "postgresql://db/enquete"},
		{"sqlite:data/enquete.db", dialectSQLite, "data/enquete.db"},
		{"sqlite:/var/lib/enquete/enquete.db", dialectSQLite, "/var/lib/enquete/enquete.db"},
		{"sqlite:///var/lib/enquete/x", dialectSQLite, "/var/lib/enquete/x"},
		{"enquete.db", dialectSQLite, "enquete.db"},
		{" ./data/Enquete.SQLite3 ", dialectSQLite, "./data/Enquete.SQLite3"},
	}
	for _, c := range cases {
		k, target, err := parseURL(c.url)
		if err != nil || k != c.kind || target != c.target {
			t.Errorf("parseURL(%q) = %v, %q, %v; want %v, %q", c.url, k, target, err, c.kind, c.target)
		}
	}
	for _, bad := range []string{"", "mysql://root:hunter2@db/x", "sqlite:", "sqlite::memory:", "enquete.txt"} {
		_, _, err := parseURL(bad)
		if err == nil {
			t.Errorf("parseURL(%q) = nil error; want one", bad)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("parseURL(%q) error %q repeats the password", bad, err)
		}
	}
}
