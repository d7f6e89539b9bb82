package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/paykit/payments"
)

// DefaultTable is the events table's name when Options.Table is empty.
const DefaultTable = "payments_events"

// DefaultPruneBatch is how many rows one statement of [Store.Prune]
// deletes when Options.PruneBatch is zero.
const DefaultPruneBatch = 1000

// Options configures a [Store]. The zero value is usable.
type Options struct {
	// Schema holds the table; empty means the connection's search_path
	// (usually public). Migrate creates it if it does not exist.
	Schema string
	// Table is the events table's name; empty means DefaultTable.
	// Migrate also creates <Table>_migrations.
	Table string
	// Retention is how long a handled key is remembered; zero means
	// payments.DefaultRetention.
	Retention time.Duration
	// PruneBatch is how many rows one delete of Prune removes at most;
	// zero means DefaultPruneBatch.
	PruneBatch int
}

// Store is a [payments.EventStore] in a PostgreSQL table, shared by every
// instance of an app that uses the same table. It is safe for concurrent
// use. Lease expiry and retention are judged by the database server's
// clock (now()), so that instances whose clocks differ agree.
type Store struct {
	pool  *pgxpool.Pool
	o     Options
	table string // quoted, schema-qualified

	claimSQL, peekSQL, completeSQL, releaseSQL, pruneSQL string

	// inTx holds the claims completed by Transactional in the app's
	// transaction, which the handler's Complete then accepts once.
	inTx sync.Map // key "\x00" token -> struct{}
}

// New returns a store on pool. It does not touch the database: call
// [Store.Migrate] once at start-up (every instance may).
func New(pool *pgxpool.Pool, opts *Options) (*Store, error) {
	if pool == nil {
		return nil, errors.New("pgstore: nil pool")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Table == "" {
		o.Table = DefaultTable
	}
	if o.Retention < 0 || o.PruneBatch < 0 {
		return nil, fmt.Errorf("pgstore: negative Retention or PruneBatch: %w", payments.ErrInvalidRequest)
	}
	if o.Retention == 0 {
		o.Retention = payments.DefaultRetention
	}
	if o.PruneBatch == 0 {
		o.PruneBatch = DefaultPruneBatch
	}
	s := &Store{pool: pool, o: o}
	s.table = s.ident(o.Table)
	t := s.table
	// A claim takes a key that has no row, an expired claim, or a done
	// record older than the retention, in one statement.
	s.claimSQL = `INSERT INTO ` + t + ` AS e (key, token, expires) VALUES ($1, $2, now() + $3 * interval '1 microsecond')
ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, expires = EXCLUDED.expires, done_at = NULL
WHERE (e.done_at IS NULL AND e.expires <= now()) OR (e.done_at IS NOT NULL AND e.done_at <= now() - $4 * interval '1 microsecond')
RETURNING e.expires`
	s.peekSQL = `SELECT done_at IS NOT NULL AND done_at > now() - $2 * interval '1 microsecond', done_at IS NULL AND expires > now(), expires FROM ` + t + ` WHERE key = $1`
	s.completeSQL = `UPDATE ` + t + ` SET done_at = now(), expires = NULL WHERE key = $1 AND token = $2 AND done_at IS NULL`
	s.releaseSQL = `DELETE FROM ` + t + ` WHERE key = $1 AND token = $2 AND done_at IS NULL`
	s.pruneSQL = `DELETE FROM ` + t + ` WHERE key IN (SELECT key FROM ` + t + `
WHERE coalesce(done_at, expires) <= now() - $1 * interval '1 microsecond'
LIMIT $2 FOR UPDATE SKIP LOCKED)`
	return s, nil
}

// Claim implements payments.EventStore: one INSERT ... ON CONFLICT DO
// UPDATE ... WHERE (an expired claim or an old done record) RETURNING
// decides and records atomically; when it took nothing, a look at the row
// tells done from busy.
func (s *Store) Claim(ctx context.Context, key string, lease time.Duration) (payments.Claim, error) {
	if lease <= 0 {
		return payments.Claim{}, fmt.Errorf("pgstore: claim lease %v is not positive: %w", lease, payments.ErrInvalidRequest)
	}
	if err := ctx.Err(); err != nil {
		return payments.Claim{}, err
	}
	for range 10 {
		token := newToken()
		var expires time.Time
		err := s.pool.QueryRow(ctx, s.claimSQL, key, token, lease.Microseconds(), s.o.Retention.Microseconds()).Scan(&expires)
		if err == nil {
			return payments.Claim{Key: key, State: payments.ClaimAcquired, Token: token, Expires: expires}, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return payments.Claim{}, fmt.Errorf("pgstore: claim: %w", err)
		}
		var done, busy bool
		var other *time.Time
		err = s.pool.QueryRow(ctx, s.peekSQL, key, s.o.Retention.Microseconds()).Scan(&done, &busy, &other)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			continue // released meanwhile: try again
		case err != nil:
			return payments.Claim{}, fmt.Errorf("pgstore: claim: %w", err)
		case done:
			return payments.Claim{Key: key, State: payments.ClaimDone}, nil
		case busy:
			c := payments.Claim{Key: key, State: payments.ClaimBusy}
			if other != nil {
				c.Expires = *other
			}
			return c, nil
		}
		// The row expired between the two statements: try again.
	}
	return payments.Claim{}, errors.New("pgstore: claim: the key kept changing; try again")
}

// Complete implements payments.EventStore. It also accepts, once, a claim
// that [Store.Transactional] completed in the app's transaction.
func (s *Store) Complete(ctx context.Context, c payments.Claim) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, ok := s.inTx.LoadAndDelete(c.Key + "\x00" + c.Token); ok && c.Token != "" {
		return nil
	}
	return s.change(ctx, "complete", s.completeSQL, c)
}

// Release implements payments.EventStore.
func (s *Store) Release(ctx context.Context, c payments.Claim) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.change(ctx, "release", s.releaseSQL, c)
}

// execer is a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// change runs the complete or release statement for c on s's pool.
func (s *Store) change(ctx context.Context, op, sql string, c payments.Claim) error {
	return changeOn(ctx, s.pool, op, sql, c)
}

// changeOn runs the complete or release statement for c on db, and
// reports ErrClaimLost when c's token no longer owns a claim on its key.
func changeOn(ctx context.Context, db execer, op, sql string, c payments.Claim) error {
	if c.State != payments.ClaimAcquired || c.Token == "" {
		return fmt.Errorf("pgstore: %s %q: not an acquired claim: %w", op, c.Key, payments.ErrClaimLost)
	}
	tag, err := db.Exec(ctx, sql, c.Key, c.Token)
	if err != nil {
		return fmt.Errorf("pgstore: %s: %w", op, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("pgstore: %s %q: %w", op, c.Key, payments.ErrClaimLost)
	}
	return nil
}

// newToken returns a random 128-bit owner token.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
