package openapitest

import (
	"fmt"
	"slices"
	"strings"
)

// Lint checks the description against itself: every $ref resolves; every
// operation has a unique operationId (those of shared path items excepted),
// declared tags, declared security schemes and described responses; the
// path parameters of each path are exactly its template's; and every example
// (of a schema, a media type, a parameter or a header) is valid against its
// schema. It returns every problem found.
func (d *Doc) Lint() []error {
	var errs []error
	walk(node{val: d.root}, func(n node) {
		if ref, ok := n.obj()["$ref"].(string); ok {
			if _, err := d.at(ref); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", n.ptr, err))
			}
		}
	})
	errs = append(errs, d.lintOperations()...)
	errs = append(errs, d.lintExamples()...)
	return errs
}

// walk calls f on every object of the tree, depth first.
func walk(n node, f func(node)) {
	switch v := n.val.(type) {
	case map[string]any:
		f(n)
		for _, k := range sortedKeys(v) {
			walk(n.child(k), f)
		}
	case []any:
		for i, item := range v {
			walk(node{ptr: fmt.Sprintf("%s/%d", n.ptr, i), val: item}, f)
		}
	}
}

func (d *Doc) lintOperations() []error {
	root := node{val: d.root}
	tags := map[string]bool{}
	for _, t := range asSlice(root.child("tags").val) {
		if m, ok := t.(map[string]any); ok {
			tags[fmt.Sprint(m["name"])] = true
		}
	}
	schemes := root.child("components").child("securitySchemes").obj()
	ids := map[string]string{}
	var errs []error
	for _, t := range d.paths {
		errs = append(errs, d.lintParams(t)...)
		for _, m := range methods {
			op := t.item.child(m)
			if !op.present() {
				continue
			}
			where := strings.ToUpper(m) + " " + t.path
			if id, ok := op.obj()["operationId"].(string); ok {
				if prev, dup := ids[id]; dup && prev != where {
					errs = append(errs, fmt.Errorf("%s: operationId %q also used by %s", where, id, prev))
				}
				ids[id] = where
			} else if !strings.HasPrefix(t.item.ptr, "/components/pathItems/") {
				errs = append(errs, fmt.Errorf("%s: no operationId", where))
			}
			for _, tag := range asSlice(op.obj()["tags"]) {
				if !tags[fmt.Sprint(tag)] {
					errs = append(errs, fmt.Errorf("%s: tag %v is not declared", where, tag))
				}
			}
			for _, req := range asSlice(op.obj()["security"]) {
				for name := range asMap(req) {
					if _, ok := schemes[name]; !ok {
						errs = append(errs, fmt.Errorf("%s: security scheme %q is not declared", where, name))
					}
				}
			}
			errs = append(errs, d.lintResponses(where, op.child("responses"))...)
		}
	}
	return errs
}

func (d *Doc) lintResponses(where string, responses node) []error {
	if len(responses.obj()) == 0 {
		return []error{fmt.Errorf("%s: no responses", where)}
	}
	var errs []error
	for _, code := range sortedKeys(responses.obj()) {
		r, err := d.resolve(responses.child(code))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if desc, _ := r.obj()["description"].(string); desc == "" {
			errs = append(errs, fmt.Errorf("%s → %s: no description", where, code))
		}
	}
	return errs
}

// lintParams checks that the path parameters declared for each operation of
// t (on the path item or the operation) are exactly the template's.
func (d *Doc) lintParams(t template) []error {
	var want []string
	for _, s := range t.segments {
		if isParam(s) {
			want = append(want, s[1:len(s)-1])
		}
	}
	slices.Sort(want)
	var errs []error
	for _, m := range methods {
		op := t.item.child(m)
		if !op.present() {
			continue
		}
		var got []string
		for _, list := range []node{t.item.child("parameters"), op.child("parameters")} {
			for i := range asSlice(list.val) {
				p, err := d.resolve(node{ptr: fmt.Sprintf("%s/%d", list.ptr, i), val: asSlice(list.val)[i]})
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if p.obj()["in"] == "path" {
					got = append(got, fmt.Sprint(p.obj()["name"]))
					if req, _ := p.obj()["required"].(bool); !req {
						errs = append(errs, fmt.Errorf("%s %s: path parameter %v must be required", m, t.path, p.obj()["name"]))
					}
				}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			errs = append(errs, fmt.Errorf("%s %s: path parameters %v; the template has %v", strings.ToUpper(m), t.path, got, want))
		}
	}
	return errs
}

// lintExamples validates the examples: a Schema Object's "examples" (a
// list) under components/schemas, and the "example" or "examples" (a map
// of Example Objects) of anything that has a "schema": media types,
// parameters, headers.
func (d *Doc) lintExamples() []error {
	var errs []error
	check := func(where, schemaPtr string, v any) {
		if err := d.validate(schemaPtr, v); err != nil {
			errs = append(errs, fmt.Errorf("example at %s: %w", where, err))
		}
	}
	schemas := node{val: d.root}.child("components").child("schemas")
	for _, name := range sortedKeys(schemas.obj()) {
		s := schemas.child(name)
		for i, ex := range asSlice(s.obj()["examples"]) {
			check(fmt.Sprintf("%s/examples/%d", s.ptr, i), s.ptr, ex)
		}
	}
	walk(node{val: d.root}, func(n node) {
		schema := n.child("schema")
		if !schema.present() || strings.HasPrefix(n.ptr, "/components/schemas") {
			return
		}
		if ex := n.child("example"); ex.present() || hasKey(n.obj(), "example") {
			check(ex.ptr, schema.ptr, ex.val)
		}
		examples := n.child("examples")
		for _, name := range sortedKeys(examples.obj()) {
			e, err := d.resolve(examples.child(name))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			check(e.ptr, schema.ptr, e.obj()["value"])
		}
	})
	return errs
}

func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
