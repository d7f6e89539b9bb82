package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paykit/payments/internal/pgtest"
	"github.com/paykit/payments/pgstore"
)

func TestMain(m *testing.M) {
	if child() {
		return
	}
	pgtest.Main(m)
}

// newStore returns a migrated store in db's schema on pool.
func newStore(t testing.TB, pool *pgxpool.Pool, db pgtest.DB, o pgstore.Options) *pgstore.Store {
	t.Helper()
	o.Schema = db.Schema
	s, err := pgstore.New(pool, &o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
