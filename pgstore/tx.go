package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/paykit/payments"
)

// TxFunc is the app's code for a verified, de-duplicated event, run inside
// tx: its writes commit together with the record that the event was
// handled.
type TxFunc func(ctx context.Context, tx pgx.Tx, ev *payments.Event) error

// Transactional returns a payments.HandlerFunc, for Client.WebhookHandler
// with s as HandlerOptions.Store, that runs fn in one transaction on s's
// pool which first marks the handler's claim done (checking its owner
// token), then runs fn, then commits. The order update fn makes and the
// de-dup record commit or roll back together: if fn fails, or the record
// cannot be written (the claim was lost), or the commit fails, neither
// happened and the handler answers 500 so that the provider retries. The
// handler's own Complete of the claim afterwards is accepted.
//
// While the transaction runs it holds the event's row locked: another
// delivery of the same event waits for it instead of taking an expired
// lease over, and then finds the event done (or, after a rollback,
// claimable again once the handler released it).
//
// fn must do its work through tx (on the same database as the store) and
// must not commit or roll it back. s must be the handler's
// HandlerOptions.Store: the handler's Complete goes to the store that
// accepts it.
func (s *Store) Transactional(fn TxFunc) payments.HandlerFunc {
	return func(ctx context.Context, ev *payments.Event) error {
		c, ok := payments.ClaimFrom(ctx)
		if !ok {
			return errors.New("pgstore: Transactional: no claim in the context: use the function with Client.WebhookHandler and this store")
		}
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := changeOn(ctx, tx, "complete", s.completeSQL, c); err != nil {
				return err
			}
			return fn(ctx, tx, ev)
		})
		if err != nil {
			return fmt.Errorf("pgstore: transactional handler: %w", err)
		}
		s.inTx.Store(c.Key+"\x00"+c.Token, struct{}{})
		return nil
	}
}
