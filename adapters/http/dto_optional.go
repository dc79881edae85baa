package httpapi

import (
	"encoding/json"
	"reflect"
	"time"

	"github.com/enquete/enquete/adapters/http/isotime"
	"github.com/enquete/enquete/domain/board"
	"github.com/enquete/enquete/domain/fault"
)

// optional is a field of a partial update. It tells an absent key (left
// unchanged) from an explicit null (cleared, where the field may be null)
// from a value, which a pointer cannot do.
type optional[T any] struct {
	present bool
	null    bool
	value   T
}

// UnmarshalJSON is only called when the key is present. A type error is
// returned as the decoder's own, which then adds the field's name.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.present = true
	if string(b) == "null" {
		o.null = true
		return nil
	}
	return json.Unmarshal(b, &o.value)
}

// ptr returns nil when the key is absent and the value otherwise; null is
// refused for fields that cannot be null.
func (o optional[T]) ptr(field string) (*T, error) {
	if !o.present {
		return nil, nil
	}
	if o.null {
		return nil, fault.Invalid(field, "must not be null")
	}
	v := o.value
	return &v, nil
}

// get returns the value, the zero value when absent; null is refused.
func (o optional[T]) get(field string) (T, error) {
	p, err := o.ptr(field)
	if p == nil || err != nil {
		var zero T
		return zero, err
	}
	return *p, nil
}

// stringList is a JSON list of strings. Anything else (a string, as Django
// wrongly accepted, or a list holding a number) is one type error on the
// field, "must be a list of strings".
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var v []string
	if err := json.Unmarshal(b, &v); err != nil || v == nil {
		return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[stringList]()}
	}
	*l = v
	return nil
}

// datetime reads a nullable datetime: absent, null (cleared) or ISO text.
func datetime(o optional[string], field string, loc *time.Location) (board.OptionalTime, error) {
	if !o.present || o.null {
		return board.OptionalTime{Set: o.present}, nil
	}
	t, err := isotime.Parse(o.value, loc)
	if err != nil {
		return board.OptionalTime{}, fault.Invalid(field, isotime.Message)
	}
	return board.OptionalTime{Set: true, Value: &t}, nil
}
