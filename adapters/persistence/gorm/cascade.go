package gormstore

import (
	"context"
	"sort"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// The database does not cascade (Django's foreign keys are NO ACTION and
// Django deletes children itself), so deleting an entity or an investigation
// removes every dependent row here, children first, in one transaction.

// entityScope selects the ids of the entities being deleted: a subquery, so
// that an investigation with thousands of entities costs the same statements.
type entityScope struct {
	sql  string
	args []any
}

func oneEntity(investigationID, id uuid.UUID) entityScope {
	return entityScope{`SELECT id FROM investigation_entity WHERE investigation_id = ? AND id = ?`, []any{investigationID, id}}
}

func allEntities(investigationID uuid.UUID) entityScope {
	return entityScope{`SELECT id FROM investigation_entity WHERE investigation_id = ?`, []any{investigationID}}
}

// deleteEntities removes the scoped entities with their attachments (and
// digests), comments, tag assignments and links in both directions, and
// returns the file names their rows referenced (photos, attachments).
func deleteEntities(db *gorm.DB, s entityScope) ([]string, error) {
	var files []string
	if err := db.Raw(`SELECT photo FROM investigation_entity WHERE id IN (`+s.sql+`) AND photo <> ''`, s.args...).
		Scan(&files).Error; err != nil {
		return nil, fail("list photos", err)
	}
	var attached []string
	if err := db.Raw(`SELECT file FROM investigation_attachment WHERE entity_id IN (`+s.sql+`)`, s.args...).
		Scan(&attached).Error; err != nil {
		return nil, fail("list attachments", err)
	}
	files = append(files, attached...)
	steps := []struct{ op, sql string }{
		{"delete digests", `DELETE FROM enquete_attachment_digest WHERE attachment_id IN
			(SELECT id FROM investigation_attachment WHERE entity_id IN (` + s.sql + `))`},
		{"delete attachments", `DELETE FROM investigation_attachment WHERE entity_id IN (` + s.sql + `)`},
		{"delete comments", `DELETE FROM investigation_comment WHERE entity_id IN (` + s.sql + `)`},
		{"delete tag assignments", `DELETE FROM investigation_entity_tags WHERE entity_id IN (` + s.sql + `)`},
		{"delete links", `DELETE FROM investigation_link WHERE from_entity_id IN (` + s.sql + `)`},
		{"delete links", `DELETE FROM investigation_link WHERE to_entity_id IN (` + s.sql + `)`},
		// Last: the scope reads this table.
		{"delete entities", `DELETE FROM investigation_entity WHERE id IN (` + s.sql + `)`},
	}
	for _, st := range steps {
		if err := db.Exec(st.sql, s.args...).Error; err != nil {
			return nil, fail(st.op, err)
		}
	}
	return files, nil
}

// unreferenced keeps the names no row references any more (a file can be
// shared, e.g. by a copied entity), sorted and without duplicates. Only those
// may be deleted from storage. Names are checked in chunks: each is bound
// three times, and PostgreSQL takes at most 65535 parameters.
func unreferenced(db *gorm.DB, files []string) ([]string, error) {
	const chunk = 1000
	skip := make(map[string]bool, len(files))
	for start := 0; start < len(files); start += chunk {
		part := files[start:min(start+chunk, len(files))]
		var used []string
		err := db.Raw(`SELECT file FROM investigation_attachment WHERE file IN ?
			UNION SELECT photo FROM investigation_entity WHERE photo IN ?
			UNION SELECT avatar FROM investigation_user WHERE avatar IN ?`, part, part, part).Scan(&used).Error
		if err != nil {
			return nil, fail("check file references", err)
		}
		for _, f := range used {
			skip[f] = true
		}
	}
	var out []string
	for _, f := range files {
		if f != "" && !skip[f] {
			out = append(out, f)
			skip[f] = true
		}
	}
	sort.Strings(out)
	return out, nil
}

// Delete removes the entity and everything hanging from it; see deleteEntities.
func (r *EntityRepository) Delete(ctx context.Context, investigationID, id uuid.UUID) (files []string, err error) {
	err = r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		if _, err := r.ByID(ctx, investigationID, id); err != nil {
			return err
		}
		candidates, err := deleteEntities(db, oneEntity(investigationID, id))
		if err != nil {
			return err
		}
		files, err = unreferenced(db, candidates)
		return err
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Delete removes the investigation with its entities (and all they hold),
// tags, links and members.
func (r *InvestigationRepository) Delete(ctx context.Context, id uuid.UUID) (files []string, err error) {
	err = r.d.InTx(ctx, func(ctx context.Context) error {
		db := r.d.db(ctx)
		if _, err := r.ByID(ctx, id); err != nil {
			return err
		}
		candidates, err := deleteEntities(db, allEntities(id))
		if err != nil {
			return err
		}
		steps := []struct{ op, sql string }{
			// Assignments of this investigation's tags to entities elsewhere:
			// the schema does not forbid them, and they would block the tags.
			{"delete tag assignments", `DELETE FROM investigation_entity_tags WHERE tag_id IN
				(SELECT id FROM investigation_tag WHERE investigation_id = ?)`},
			{"delete links", `DELETE FROM investigation_link WHERE investigation_id = ?`},
			{"delete tags", `DELETE FROM investigation_tag WHERE investigation_id = ?`},
			{"delete members", `DELETE FROM investigation_investigationmember WHERE investigation_id = ?`},
			{"delete investigation", `DELETE FROM investigation_investigation WHERE id = ?`},
		}
		for _, st := range steps {
			if err := db.Exec(st.sql, id).Error; err != nil {
				return fail(st.op, err)
			}
		}
		files, err = unreferenced(db, candidates)
		return err
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}
