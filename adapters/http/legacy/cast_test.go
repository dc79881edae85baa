package legacy_test

import (
	"context"
	"strconv"
	"strings"
)

// cast is the transcript's people: alice owns investigation A, where bob
// is a member; carol owns B. They are registered in Django's order, so
// their ids (1, 2, 3) are Django's too. Extra accounts join A with the
// role given (admin, member or viewer).
type cast struct {
	*env
	users map[string]*account
	ids   map[string]string // placeholder name → value, for paths and bodies
}

func newCast(e *env, extra ...[2]string) *cast {
	e.t.Helper()
	c := &cast{env: e, users: map[string]*account{}, ids: map[string]string{}}
	ctx := context.Background()
	c.users["alice"] = e.register("alice", "correct horse battery staple")
	c.users["bob"] = e.register("bob", "bob-password-123")
	c.users["carol"] = e.register("carol", "carol-password-123")
	a, err := e.casework.Create(ctx, c.users["alice"].id, "Affaire Dupont", "Disparition à Lyon")
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := e.casework.Create(ctx, c.users["carol"].id, "Affaire Martin", "")
	if err != nil {
		e.t.Fatal(err)
	}
	c.ids["A"], c.ids["B"], c.ids["code"] = a.ID.String(), b.ID.String(), a.Code
	c.join("bob", "member")
	for _, x := range extra {
		c.users[x[0]] = e.register(x[0], x[0]+"-password-123")
		c.join(x[0], x[1])
	}
	return c
}

// join has name join A by its code (lower-cased, as bob did in the
// transcript) and gives it role.
func (c *cast) join(name, role string) {
	c.t.Helper()
	ctx, u := context.Background(), c.users[name]
	id, err := c.casework.Join(ctx, u.id, strings.ToLower(c.ids["code"]))
	if err != nil {
		c.t.Fatal(err)
	}
	if role != "member" {
		if _, err := c.casework.ChangeRole(ctx, id, c.users["alice"].id, u.id, role); err != nil {
			c.t.Fatal(err)
		}
	}
	c.ids[name+"_id"] = strconv.FormatInt(u.id, 10)
}

// expand replaces the {placeholders} of a path or body.
func (c *cast) expand(text string) string {
	pairs := make([]string, 0, 2*len(c.ids))
	for k, v := range c.ids {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// create adds an entity to an investigation through the legacy API and
// remembers its id as name.
func (c *cast) create(as, inv, name, body string) string {
	c.t.Helper()
	r := c.must(200, call{method: "POST", path: c.expand("/api/investigation/{" + inv + "}/entities/"), as: c.users[as], body: body})
	id := string(r.body[len(`{"id": "`) : len(`{"id": "`)+36])
	c.ids[name] = id
	return id
}
