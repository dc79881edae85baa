package audit

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/enquete/enquete/domain/fault"
)

// cursorPrefix versions the cursor format, so that it can change without
// misreading cursors clients kept.
const cursorPrefix = "h1:"

// encodeCursor makes the next page start below seq. The cursor is opaque to
// clients: they pass it back unchanged.
func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(seq, 10)))
}

func decodeCursor(c string) (int64, error) {
	bad := fault.Invalid("cursor", "is not a cursor of this history")
	if len(c) > 64 {
		return 0, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, bad
	}
	digits, ok := strings.CutPrefix(string(raw), cursorPrefix)
	if !ok || digits == "" || !allDigits(digits) {
		return 0, bad
	}
	seq, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || seq <= 0 {
		return 0, bad
	}
	return seq, nil
}
