package auditlog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// fieldChange is one changed field of the diff. Both keys are always
// written, null standing for "absent" on a creation or a deletion.
type fieldChange struct {
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

var jsonNull = json.RawMessage("null")

// flatten turns a value (a ports view or a domain snapshot) into its leaves,
// keyed by path: nested objects give "entity.title", Go field names become
// snake_case ("CreatedByUsername" → "created_by_username"). Arrays are leaves:
// a changed tag list is shown whole, not index by index. Leaves are compact,
// canonical JSON (object keys sorted), so equal values compare equal.
func flatten(v any) (map[string]json.RawMessage, error) {
	if v == nil {
		return nil, nil // absent: a creation's before, a deletion's after
	}
	out := map[string]json.RawMessage{}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("auditlog: encode %T: %w", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // ids above 2^53 keep every digit
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("auditlog: decode %T: %w", v, err)
	}
	if err := walk("", tree, out); err != nil {
		return nil, err
	}
	return out, nil
}

func walk(prefix string, v any, out map[string]json.RawMessage) error {
	if obj, ok := v.(map[string]any); ok && (len(obj) > 0 || prefix == "") {
		for k, child := range obj {
			key := snake(k)
			if prefix != "" {
				key = prefix + "." + key
			}
			if err := walk(key, child, out); err != nil {
				return err
			}
		}
		return nil
	}
	if prefix == "" {
		// A bare scalar (no field names): keep it under "value".
		prefix = "value"
	}
	leaf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("auditlog: encode %s: %w", prefix, err)
	}
	out[prefix] = leaf
	return nil
}

// diff compares the flattened before and after values and returns the
// canonical JSON of the changed fields: only the fields that differ, or
// every field, null ones included, when one side is absent (nil).
func diff(before, after map[string]json.RawMessage) (string, error) {
	changes := map[string]fieldChange{}
	whole := before == nil || after == nil
	for k, b := range before {
		a, ok := after[k]
		if !ok {
			a = jsonNull
		}
		if whole || !bytes.Equal(b, a) {
			changes[k] = fieldChange{Before: b, After: a}
		}
	}
	for k, a := range after {
		if _, seen := before[k]; !seen && (whole || !bytes.Equal(a, jsonNull)) {
			changes[k] = fieldChange{Before: jsonNull, After: a}
		}
	}
	// encoding/json writes map keys sorted and RawMessage compacted: the
	// same change always gives the same bytes.
	raw, err := json.Marshal(changes)
	if err != nil {
		return "", fmt.Errorf("auditlog: encode diff: %w", err)
	}
	return string(raw), nil
}

// snake converts a Go field name to snake_case, keeping initialisms
// together: "FromEntityID" → "from_entity_id", "SHA256" → "sha256". Names
// already in lower case (JSON tags, map keys) are unchanged.
func snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
