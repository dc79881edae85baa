package openapitest

import (
	"fmt"
	"strings"
)

// template is one path of the description, split into segments.
type template struct {
	path     string
	segments []string
	wildcard bool // the last segment takes the rest of the path
	item     node // the Path Item Object, $ref resolved
}

func (d *Doc) templates() ([]template, error) {
	paths := node{ptr: "/paths", val: d.root.(map[string]any)["paths"]}
	var out []template
	for _, p := range sortedKeys(paths.obj()) {
		item, err := d.resolve(paths.child(p))
		if err != nil {
			return nil, err
		}
		wild, _ := item.obj()[extWildcard].(bool)
		out = append(out, template{path: p, segments: strings.Split(p, "/"), wildcard: wild, item: item})
	}
	return out, nil
}

func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// match finds the template a request path answers to. Where several match,
// the router's rule decides: at the first segment where they differ, a
// literal beats a parameter (/investigations/join is not /investigations/{id}).
func (d *Doc) match(path string) (template, bool) {
	segs := strings.Split(path, "/")
	var best template
	var bestScore []bool
	for _, t := range d.paths {
		score, ok := t.score(segs)
		if ok && (bestScore == nil || better(score, bestScore)) {
			best, bestScore = t, score
		}
	}
	return best, bestScore != nil
}

// score says, segment by segment, whether t matched literally; ok is false
// when t does not match at all.
func (t template) score(segs []string) ([]bool, bool) {
	n := len(t.segments)
	if len(segs) < n || (len(segs) > n && !t.wildcard) {
		return nil, false
	}
	score := make([]bool, n)
	for i, ts := range t.segments {
		switch {
		case isParam(ts):
			rest := segs[i]
			if t.wildcard && i == n-1 {
				rest = strings.Join(segs[i:], "/")
			}
			if rest == "" {
				return nil, false
			}
		case ts != segs[i]:
			return nil, false
		default:
			score[i] = true
		}
	}
	return score, true
}

func better(a, b []bool) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i]
		}
	}
	return len(a) > len(b)
}

// Route is one route of a router: a method and a Gin path (":param",
// "*rest").
type Route struct {
	Method, Path string
}

// GinPath converts a Gin path to the description's form: ":id" and "*name"
// become "{id}" and "{name}".
func GinPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) > 1 && (s[0] == ':' || s[0] == '*') {
			segs[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(segs, "/")
}

// CompareRoutes lists the routes the description lacks ("GET /path") and
// the operations it documents that no route serves. A path documented with
// x-enquete-other-methods covers every method of the router on that path.
func (d *Doc) CompareRoutes(routes []Route) (undocumented, unrouted []string) {
	documented := map[string]bool{}
	anyMethod := map[string]bool{}
	for _, t := range d.paths {
		if t.item.child(extOtherMethods).present() {
			anyMethod[t.path] = true
		}
		for _, m := range methods {
			if t.item.child(m).present() {
				documented[strings.ToUpper(m)+" "+t.path] = true
			}
		}
	}
	routed := map[string]bool{}
	routedPath := map[string]bool{}
	for _, r := range routes {
		p := GinPath(r.Path)
		key := strings.ToUpper(r.Method) + " " + p
		routed[key], routedPath[p] = true, true
		if !documented[key] && !anyMethod[p] {
			undocumented = append(undocumented, key)
		}
	}
	for key := range documented {
		if !routed[key] {
			unrouted = append(unrouted, key)
		}
	}
	for p := range anyMethod {
		if !routedPath[p] {
			unrouted = append(unrouted, "ANY "+p)
		}
	}
	return sortStrings(undocumented), sortStrings(unrouted)
}

// Operations lists every documented operation as "METHOD /path", for a test
// that checks each was exercised.
func (d *Doc) Operations() []string {
	var out []string
	for _, t := range d.paths {
		for _, m := range methods {
			if t.item.child(m).present() {
				out = append(out, fmt.Sprintf("%s %s", strings.ToUpper(m), t.path))
			}
		}
	}
	return out
}
