// Package failuretest holds the tests of the service's behaviour when its
// dependencies fail: a PostgreSQL server of the test's own stopped and
// started under the running router (503 quickly, /ready says so, recovery
// without a restart), and multi-row changes failed midway on SQLite and
// PostgreSQL (nothing of them stays). It has no code of its own.
package failuretest
