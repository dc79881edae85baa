package legacy_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// normalizer rewrites what legitimately differs between two runs: UUIDs
// (numbered in order of first appearance over the whole run, so that the
// same object must carry the same id everywhere), the timestamps of the
// moment (created_at, updated_at, joined_at, last_seen, which must still be
// isoformat()), join codes and the random suffix of a clashing file name.
type normalizer struct {
	ids map[string]int
}

func newNormalizer() *normalizer { return &normalizer{ids: map[string]int{}} }

var (
	uuidRE   = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	stampRE  = regexp.MustCompile(`"(created_at|updated_at|joined_at|last_seen)": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00"`)
	codeRE   = regexp.MustCompile(`"code": "[A-Z0-9]{8}"`)
	suffixRE = regexp.MustCompile(`(/media/[a-z_]+/[^"/]+)_[A-Za-z0-9]{7}(\.[A-Za-z0-9]+")`)
)

func (n *normalizer) normalize(body string) string {
	body = uuidRE.ReplaceAllStringFunc(body, func(id string) string {
		if _, ok := n.ids[id]; !ok {
			n.ids[id] = len(n.ids) + 1
		}
		return "<id" + strconv.Itoa(n.ids[id]) + ">"
	})
	body = stampRE.ReplaceAllString(body, `"$1": "<now>"`)
	body = codeRE.ReplaceAllString(body, `"code": "<code>"`)
	return suffixRE.ReplaceAllString(body, "${1}_<random>$2")
}

// dropListItems removes from a {"key": [{...}, {...}]} body the objects of
// the list that contain one of the markers. It walks the JSON text (strings
// included) to find where each top-level list item starts and ends.
func dropListItems(body string, markers ...string) string {
	start := strings.IndexByte(body, '[')
	var items []string
	depth, inString, escaped, from := 0, false, false, 0
	for i := start + 1; i < len(body); i++ {
		ch := body[i]
		switch {
		case inString:
			inString = !(ch == '"' && !escaped)
			escaped = ch == '\\' && !escaped
		case ch == '"':
			inString = true
		case ch == '{':
			if depth == 0 {
				from = i
			}
			depth++
		case ch == '}':
			depth--
			if depth == 0 {
				items = append(items, body[from:i+1])
			}
		}
		if depth == 0 && ch == ']' && !inString {
			kept := slices.DeleteFunc(items, func(it string) bool {
				return slices.ContainsFunc(markers, func(m string) bool { return strings.Contains(it, m) })
			})
			return body[:start+1] + strings.Join(kept, ", ") + body[i:]
		}
	}
	return body
}
