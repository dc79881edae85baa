package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// djangoTables are the tables the django_ migration creates, and
// djangoLateColumns the columns Django's investigation migrations 0002-0006
// added later: if investigation_user exists, all of them must exist too, or
// Django's migrate has not finished and this application cannot run on it.
var (
	djangoTables = []string{
		"django_content_type", "auth_permission", "auth_group", "auth_group_permissions", "django_session",
		"investigation_user", "investigation_user_groups", "investigation_user_user_permissions",
		"investigation_investigation", "investigation_investigationmember", "investigation_entity",
		"investigation_comment", "investigation_attachment", "investigation_link",
		"investigation_tag", "investigation_entity_tags",
	}
	djangoLateColumns = map[string][]string{
		"investigation_investigationmember": {"last_seen"},
		"investigation_entity":              {"address", "event_end_date", "is_timeslot", "photo"},
	}
)

// djangoPresent reports whether Django already created its tables. It is
// false on an empty database, true on a complete Django schema, and an error
// when only part of it exists: creating the rest would fail half-way, and
// skipping it would leave the application without its tables.
func djangoPresent(ctx context.Context, tx *sql.Tx, d Dialect) (bool, error) {
	var missing, found []string
	for _, t := range djangoTables {
		ok, err := tableExists(ctx, tx, d, t)
		if err != nil {
			return false, err
		}
		if ok {
			found = append(found, t)
		} else {
			missing = append(missing, t)
		}
	}
	if len(found) == 0 {
		return false, nil
	}
	for table, cols := range djangoLateColumns {
		if !slices.Contains(found, table) {
			continue
		}
		for _, c := range cols {
			ok, err := columnExists(ctx, tx, d, table, c)
			if err != nil {
				return false, err
			}
			if !ok {
				missing = append(missing, table+"."+c)
			}
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("the database holds part of Django's schema but lacks %s: finish Django's migrate (investigation 0006) first, or use an empty database",
			strings.Join(missing, ", "))
	}
	return true, nil
}

func columnExists(ctx context.Context, tx *sql.Tx, d Dialect, table, column string) (bool, error) {
	query := `SELECT count(*) > 0 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`
	if d == SQLite {
		query = `SELECT count(*) > 0 FROM pragma_table_info(?) WHERE name = ?`
	}
	var ok bool
	err := tx.QueryRowContext(ctx, query, table, column).Scan(&ok)
	return ok, err
}
