// Package pgtest gives tests a real PostgreSQL: the server named by
// PAYMENTS_TEST_DATABASE_URL, or else a throwaway one started from the
// server binaries on the machine (initdb and pg_ctl, as found in PATH or
// under /usr/lib/postgresql/*/bin) in a temporary directory on a free
// port. When neither is possible the tests skip, saying how to run them.
//
// # Use
//
// A package's TestMain calls [Main], which stops the throwaway server when
// the tests end. Each test calls [New] for a schema of its own, so that
// tests run in parallel; [NewServer] starts a private server that a test
// may restart.
//
// # Root
//
// initdb and postgres refuse to run as root: as root, the helper runs them
// as the "postgres" user Debian's postgresql package creates (runuser -u
// postgres), in a directory that user owns.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnvURL names the variable holding the URL of a PostgreSQL server the
// tests may create schemas in.
const EnvURL = "PAYMENTS_TEST_DATABASE_URL"

// How is what a skipped test says to run these tests.
const How = "set " + EnvURL + " to a PostgreSQL URL (a role that may create schemas), " +
	"or install PostgreSQL's server binaries (Debian: apt-get install postgresql) so that the tests start a throwaway server"

var shared struct {
	once sync.Once
	srv  *Server
	url  string
	err  error
}

// Main runs the tests of m and stops the shared throwaway server, if one
// was started, before it exits.
func Main(m *testing.M) {
	code := m.Run()
	if shared.srv != nil {
		shared.srv.Stop()
	}
	os.Exit(code)
}

// URL returns the URL of the shared server: PAYMENTS_TEST_DATABASE_URL, or
// a throwaway server started on first use. It skips t when neither is
// possible.
func URL(t testing.TB) string {
	t.Helper()
	shared.once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			shared.url = u
			return
		}
		shared.srv, shared.err = start()
		if shared.err == nil {
			shared.url = shared.srv.URL
		}
	})
	if shared.err != nil {
		t.Skipf("pgtest: no PostgreSQL: %v; %s", shared.err, How)
	}
	return shared.url
}

// DB is a test's own schema on a server.
type DB struct {
	// URL connects with the schema first in search_path, so that the
	// test's own tables (such as an orders table) land in it.
	URL string
	// Schema is the schema's name.
	Schema string
}

// New creates a schema of t's own on the shared server (see [URL]) and
// drops it when t ends.
func New(t testing.TB) DB {
	t.Helper()
	return NewOn(t, URL(t))
}

// NewOn creates a schema of t's own on the server at base and drops it
// when t ends.
func NewOn(t testing.TB, base string) DB {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return // the server is gone (a private one, stopped)
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("pgtest: %s is not a postgres:// URL", EnvURL)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return DB{URL: u.String(), Schema: schema}
}

// Pool returns a pool on db.URL with the given application_name (so that
// a test can find and kill its connections), closed when t ends.
func Pool(t testing.TB, db DB, app string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(db.URL)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = app
	cfg.MaxConns = 8
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

// Exec runs sql with args on db, failing t on an error.
func Exec(t testing.TB, db DB, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
}

// Int returns the integer sql selects on db, failing t on an error.
func Int(t testing.TB, db DB, sql string, args ...any) int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db.URL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
	return n
}
