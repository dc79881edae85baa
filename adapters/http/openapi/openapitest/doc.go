// Package openapitest checks an HTTP service against its OpenAPI 3.1
// description: a response (status, required headers, content type and body
// schema) against the operation it answers, the router's routes against the
// description's paths, and the description against itself (references,
// examples, parameters). It is for tests; the service never imports it.
//
// Two extensions of the description are understood:
//
//   - x-enquete-other-methods on a path item: the router answers every HTTP
//     method on that path (Gin's Any); methods without an operation get one of
//     these responses (a Responses Object).
//   - x-enquete-wildcard on a path item: its last path parameter takes the
//     rest of the path, slashes included (Gin's *name).
//   - x-enquete-method-not-allowed and x-enquete-not-found at the root: the
//     responses (Responses Objects) to a method a path does not document, and
//     to a path the description does not have.
package openapitest

import (
	"fmt"
	"strings"
)

// Extensions understood by the package.
const (
	extOtherMethods = "x-enquete-other-methods"
	extWildcard     = "x-enquete-wildcard"
	extNoMethod     = "x-enquete-method-not-allowed"
	extNotFound     = "x-enquete-not-found"
)

// methods are the operation keys of a Path Item Object.
var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// node is a decoded JSON value with the JSON pointer it was found at.
type node struct {
	ptr string
	val any
}

func (n node) obj() map[string]any {
	m, _ := n.val.(map[string]any)
	return m
}

// child returns the member key of an object node (zero node when absent).
func (n node) child(key string) node {
	v, ok := n.obj()[key]
	if !ok {
		return node{}
	}
	return node{ptr: n.ptr + "/" + escape(key), val: v}
}

func (n node) present() bool { return n.val != nil }

// resolve follows local $refs ("#/..."), so that ptr names where the
// referenced object really is; a schema is compiled at that place.
func (d *Doc) resolve(n node) (node, error) {
	for range 32 {
		ref, ok := n.obj()["$ref"].(string)
		if !ok {
			return n, nil
		}
		target, err := d.at(ref)
		if err != nil {
			return node{}, fmt.Errorf("%s: %w", n.ptr, err)
		}
		n = target
	}
	return node{}, fmt.Errorf("%s: $ref chain too long", n.ptr)
}

// at finds the node a local reference names.
func (d *Doc) at(ref string) (node, error) {
	if !strings.HasPrefix(ref, "#/") {
		return node{}, fmt.Errorf("only local references are supported, not %q", ref)
	}
	n := node{ptr: "", val: d.root}
	for _, tok := range strings.Split(ref[2:], "/") {
		n = n.child(unescape(tok))
		if !n.present() {
			return node{}, fmt.Errorf("unresolved reference %q", ref)
		}
	}
	return n, nil
}

func escape(s string) string   { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }
func unescape(s string) string { return strings.NewReplacer("~1", "/", "~0", "~").Replace(s) }
