package pgstore

import (
	"context"
	"fmt"
	"time"
)

// Prune deletes the handled keys completed longer than the retention ago,
// and the claims whose lease ran out longer than the retention ago (their
// holders crashed and no retry came), in batches of Options.PruneBatch
// rows, each its own statement, so that no statement locks or scans much
// at once. It never deletes a claim whose lease is live or ran out less
// than a retention ago. It returns how many rows it deleted. Run it
// periodically (hourly, say) from any one or several instances: rows
// locked by another Prune are skipped.
func (s *Store) Prune(ctx context.Context) (int64, error) {
	var total int64
	for {
		tag, err := s.pool.Exec(ctx, s.pruneSQL, s.o.Retention.Microseconds(), s.o.PruneBatch)
		if err != nil {
			return total, fmt.Errorf("pgstore: prune: %w", err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(s.o.PruneBatch) {
			return total, nil
		}
	}
}

// PruneEvery calls Prune every interval until ctx is done, and returns
// ctx's error. A failed Prune is reported to onError, if set, and tried
// again at the next tick.
func (s *Store) PruneEvery(ctx context.Context, interval time.Duration, onError func(error)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if _, err := s.Prune(ctx); err != nil && onError != nil && ctx.Err() == nil {
				onError(err)
			}
		}
	}
}
