package pgstore

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered step of the schema.
type migration struct {
	version int
	sql     string
}

// migrations returns the embedded steps in order; a file is named
// NNN_what.sql.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("pgstore: migration %s: no version number", base)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, sql: string(b)})
	}
	return ms, nil
}

// Migrate creates or upgrades the store's schema, table and indexes to the
// version this package embeds. It is idempotent (a second run changes
// nothing) and safe to run from several instances at once: it runs in one
// transaction holding a transaction-level advisory lock derived from the
// schema and table names (pg_advisory_xact_lock), and records each applied
// version in the table <Table>_migrations.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", s.lockID()); err != nil {
			return fmt.Errorf("pgstore: migrate: lock: %w", err)
		}
		if s.o.Schema != "" {
			if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{s.o.Schema}.Sanitize()); err != nil {
				return fmt.Errorf("pgstore: migrate: %w", err)
			}
		}
		versions := s.ident(s.o.Table + "_migrations")
		if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+versions+" (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"); err != nil {
			return fmt.Errorf("pgstore: migrate: %w", err)
		}
		var have int
		if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM "+versions).Scan(&have); err != nil {
			return fmt.Errorf("pgstore: migrate: %w", err)
		}
		r := strings.NewReplacer(
			"{{table}}", s.table,
			"{{index_prune}}", pgx.Identifier{s.o.Table + "_prune"}.Sanitize(),
		)
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.Exec(ctx, r.Replace(m.sql)); err != nil {
				return fmt.Errorf("pgstore: migration %d: %w", m.version, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO "+versions+" (version) VALUES ($1)", m.version); err != nil {
				return fmt.Errorf("pgstore: migration %d: %w", m.version, err)
			}
		}
		return nil
	})
}

// lockID is the advisory lock key of the store's schema and table.
func (s *Store) lockID() int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte("pgstore\x00" + s.o.Schema + "\x00" + s.o.Table))
	return int64(h.Sum64())
}

// ident returns the quoted, schema-qualified name of a table.
func (s *Store) ident(name string) string {
	if s.o.Schema == "" {
		return pgx.Identifier{name}.Sanitize()
	}
	return pgx.Identifier{s.o.Schema, name}.Sanitize()
}
