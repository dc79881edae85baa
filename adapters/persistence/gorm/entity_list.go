package gormstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/enquete/enquete/domain/fault"
	"github.com/enquete/enquete/ports"
	"github.com/google/uuid"
)

// entityViewRow is an entity with its creator's name and its counts.
type entityViewRow struct {
	Row               entityRow `gorm:"embedded"`
	CreatedByUsername string    `gorm:"column:created_by_username"`
	CommentsCount     int       `gorm:"column:comments_count"`
	AttachmentsCount  int       `gorm:"column:attachments_count"`
}

type entityTagViewRow struct {
	EntityID uuid.UUID `gorm:"column:entity_id"`
	TagID    uuid.UUID `gorm:"column:tag_id"`
	Name     string    `gorm:"column:name"`
	Color    string    `gorm:"column:color"`
}

// List costs two queries whatever the number of entities: the entities with
// their creator and counts (correlated subqueries), then the tags of exactly
// those entities (the same filter, as a subquery).
func (r *EntityRepository) List(ctx context.Context, investigationID uuid.UUID, f ports.EntityFilter) ([]ports.EntityView, error) {
	return r.list(ctx, investigationID, nil, f)
}

// View is List narrowed to one entity.
func (r *EntityRepository) View(ctx context.Context, investigationID, id uuid.UUID) (ports.EntityView, error) {
	views, err := r.list(ctx, investigationID, &id, ports.EntityFilter{})
	if err != nil {
		return ports.EntityView{}, err
	}
	if len(views) == 0 {
		return ports.EntityView{}, fault.NotFound("entity not found")
	}
	return views[0], nil
}

func (r *EntityRepository) list(ctx context.Context, investigationID uuid.UUID, id *uuid.UUID, f ports.EntityFilter) ([]ports.EntityView, error) {
	where, args := r.filter(investigationID, id, f)
	db := r.d.db(ctx)
	var rows []entityViewRow
	// A page is cut in a subquery first, so that the counts are computed
	// for its rows only, not for every row the sort goes through.
	from, outer := `investigation_entity e`, ` WHERE `+where
	if f.Limit > 0 {
		from = `(SELECT * FROM investigation_entity e WHERE ` + where +
			` ORDER BY e.created_at DESC, e.id DESC` + limitSQL(f.Limit) + `) e`
		outer = ""
	}
	err := db.Raw(`SELECT e.*, COALESCE(u.username, '') AS created_by_username,
			(SELECT count(*) FROM investigation_comment c WHERE c.entity_id = e.id) AS comments_count,
			(SELECT count(*) FROM investigation_attachment a WHERE a.entity_id = e.id) AS attachments_count
		FROM `+from+` LEFT JOIN investigation_user u ON u.id = e.created_by_id`+outer+`
		ORDER BY e.created_at DESC, e.id DESC`, args...).Scan(&rows).Error
	if err != nil {
		return nil, fail("list entities", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	// The tags of exactly those entities: a page's ids (at most its
	// limit), or for a whole list the same filter as a subquery, which
	// needs no parameter per entity.
	entities, entityArgs := `SELECT e.id FROM investigation_entity e WHERE `+where, args
	if f.Limit > 0 {
		ids := make([]uuid.UUID, len(rows))
		for i, row := range rows {
			ids[i] = row.Row.ID
		}
		entities, entityArgs = "?", []any{ids}
	}
	var tags []entityTagViewRow
	err = db.Raw(`SELECT et.entity_id, t.id AS tag_id, t.name, t.color
		FROM investigation_entity_tags et JOIN investigation_tag t ON t.id = et.tag_id
		WHERE et.entity_id IN (`+entities+`)
		ORDER BY `+r.d.dialect.byteOrder("t.name")+`, t.id`, entityArgs...).Scan(&tags).Error
	if err != nil {
		return nil, fail("list entity tags", err)
	}
	byEntity := make(map[uuid.UUID][]ports.TagRef, len(rows))
	for _, t := range tags {
		byEntity[t.EntityID] = append(byEntity[t.EntityID], ports.TagRef{ID: t.TagID, Name: t.Name, Color: t.Color})
	}
	out := make([]ports.EntityView, len(rows))
	for i, row := range rows {
		tagRefs := byEntity[row.Row.ID]
		if tagRefs == nil {
			tagRefs = []ports.TagRef{}
		}
		out[i] = ports.EntityView{
			Entity: entitySnapshot(row.Row), CreatedByUsername: row.CreatedByUsername,
			Tags: tagRefs, CommentsCount: row.CommentsCount, AttachmentsCount: row.AttachmentsCount,
		}
	}
	return out, nil
}

// filter builds the WHERE clause on investigation_entity e. Search and tag
// names are compared folded (Unicode) on both sides; the search is a literal
// substring test, so % and _ match themselves.
func (r *EntityRepository) filter(investigationID uuid.UUID, id *uuid.UUID, f ports.EntityFilter) (string, []any) {
	d := r.d.dialect
	where := []string{"e.investigation_id = ?"}
	args := []any{investigationID}
	if id != nil {
		where = append(where, "e.id = ?")
		args = append(args, *id)
	}
	if f.Kind != "" {
		where = append(where, "e.entity_type = ?")
		args = append(args, f.Kind)
	}
	if f.Search != "" {
		where = append(where, "("+d.contains(d.fold("e.title"), d.fold("?"))+" OR "+
			d.contains(d.fold("e.description"), d.fold("?"))+")")
		args = append(args, f.Search, f.Search)
	}
	if f.Tag != "" {
		where = append(where, `EXISTS (SELECT 1 FROM investigation_entity_tags ft
			JOIN investigation_tag tt ON tt.id = ft.tag_id
			WHERE ft.entity_id = e.id AND `+d.fold("tt.name")+" = "+d.fold("?")+")")
		args = append(args, f.Tag)
	}
	if f.After != nil {
		where = append(where, after("e"))
		args = append(args, afterArgs(f.After)...)
	}
	return strings.Join(where, " AND "), args
}

// after is the keyset condition of ports.Page on table alias t: the rows
// strictly after the key in the order created_at DESC, id DESC. Ids compare
// as uuids in PostgreSQL and as their lower-case text in SQLite, both byte
// order; SQLite's times are fixed-width text (sqliteTime), so text order is
// time order there too.
func after(t string) string {
	return "(" + t + ".created_at < ? OR (" + t + ".created_at = ? AND " + t + ".id < ?))"
}

func afterArgs(k *ports.PageKey) []any {
	at := dbTime(k.CreatedAt)
	return []any{at, at, k.ID}
}

// limitSQL is the LIMIT clause of ports.Page; 0 is no limit.
func limitSQL(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}
