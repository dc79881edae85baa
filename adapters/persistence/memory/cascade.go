package memory

import (
	"github.com/google/uuid"
)

// The database does not cascade (every foreign key is NO ACTION); Django
// deletes the dependent rows itself, and so do these helpers.

// deleteEntity removes an entity with its links (both directions), comments,
// attachments and tag assignments, and returns the files its rows named.
func (st *state) deleteEntity(id uuid.UUID) []string {
	var files []string
	if p := st.entities[id].Photo; p != "" {
		files = append(files, p)
	}
	for lid, l := range st.links {
		if l.FromEntityID == id || l.ToEntityID == id {
			delete(st.links, lid)
		}
	}
	for cid, c := range st.comments {
		if c.EntityID == id {
			delete(st.comments, cid)
		}
	}
	for aid, a := range st.attachments {
		if a.EntityID == id {
			files = append(files, a.File)
			delete(st.attachments, aid)
		}
	}
	delete(st.entityTags, id)
	delete(st.entities, id)
	return files
}

// deleteTag removes a tag and its assignments.
func (st *state) deleteTag(id uuid.UUID) {
	for _, set := range st.entityTags {
		delete(set, id)
	}
	delete(st.tags, id)
}

// referencedFiles is every file name a row still points at.
func (st *state) referencedFiles() map[string]struct{} {
	refs := map[string]struct{}{}
	add := func(name string) {
		if name != "" { // Django's "no file"
			refs[name] = struct{}{}
		}
	}
	for _, u := range st.users {
		add(u.Avatar)
	}
	for _, e := range st.entities {
		add(e.Photo)
	}
	for _, a := range st.attachments {
		add(a.File)
	}
	return refs
}

// unreferenced keeps, once each, the files no remaining row references:
// Django never deleted files, so rows of other entities may share a name,
// and the caller deletes what this returns.
func (st *state) unreferenced(files []string) []string {
	refs := st.referencedFiles()
	var out []string
	for _, f := range files {
		if _, ok := refs[f]; !ok {
			refs[f] = struct{}{} // once
			out = append(out, f)
		}
	}
	return out
}
