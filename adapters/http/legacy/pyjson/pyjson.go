// Package pyjson writes JSON byte for byte as Python's json.dumps does with
// its defaults (what Django's JsonResponse sends): separators ", " and ": ",
// every character outside printable ASCII escaped as lower-case \uXXXX
// (surrogate pairs beyond the BMP), "\b" and "\f" as short escapes, "<", ">"
// and "&" left alone, keys in the order given, no trailing newline.
package pyjson

import (
	"strconv"
	"unicode/utf16"
)

// Object is a JSON object whose keys keep their order, as a Python dict does.
type Object []Field

// Field is one key of an Object.
type Field struct {
	Key   string
	Value any
}

// Marshal encodes v, which may be nil, bool, int, int64, string, *string
// (nil is null), Object, []Object, []any or []string. Other types panic:
// this encoder serves fixed response shapes, not arbitrary data.
func Marshal(v any) []byte {
	return appendValue(make([]byte, 0, 256), v)
}

func appendValue(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if x {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case string:
		return appendString(b, x)
	case *string:
		if x == nil {
			return append(b, "null"...)
		}
		return appendString(b, *x)
	case Object:
		b = append(b, '{')
		for i, f := range x {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendString(b, f.Key)
			b = append(b, ": "...)
			b = appendValue(b, f.Value)
		}
		return append(b, '}')
	case []Object:
		return appendList(b, x, func(b []byte, o Object) []byte { return appendValue(b, o) })
	case []any:
		return appendList(b, x, appendValue)
	case []string:
		return appendList(b, x, appendString)
	}
	panic("pyjson: unsupported type")
}

// appendList writes a JSON array with Python's ", " separator.
func appendList[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = each(b, x)
	}
	return append(b, ']')
}

const hex = "0123456789abcdef"

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r == '\b':
			b = append(b, '\\', 'b')
		case r == '\f':
			b = append(b, '\\', 'f')
		case r >= 0x20 && r <= 0x7e:
			b = append(b, byte(r))
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			b = appendU(appendU(b, hi), lo)
		default:
			b = appendU(b, r)
		}
	}
	return append(b, '"')
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}
