package httpserver

import "time"

// SetReloadCheck makes the certificate files be looked at on every
// handshake, for the reload test; it returns the restore function.
func SetReloadCheck(d time.Duration) func() {
	old := reloadCheck
	reloadCheck = d
	return func() { reloadCheck = old }
}
