package providers

import (
	"context"
	"errors"
	"fmt"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Open builds the provider that cfg names and returns a ready
// *payments.Client over it, with cfg.Options applied. It validates the
// whole configuration first, reading secret files and calling the
// provider's Validate, so that a missing or malformed setting fails here,
// not at the first payment. Configuration errors are *ConfigError values
// (wrapping payments.ErrInvalidRequest) that name the field and its
// environment variable; an unknown provider's error lists the registered
// names and suggests the closest. cfg.Provider matches in any case
// ("Robokassa" opens robokassa). The provider's own checks are its
// registration's Open (providerkit.Registration).
func Open(ctx context.Context, cfg Config) (*payments.Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r, err := lookup(cfg.Provider)
	if err != nil {
		return nil, err
	}
	if err := cfg.Options.validate(); err != nil {
		return nil, err
	}
	values, err := resolve(r, cfg.Sections[r.Name])
	if err != nil {
		return nil, err
	}
	s := providerkit.NewSettings(r, values)
	s.HTTPClient = cfg.Options.wireLogged(cfg.Options.httpClient())
	s.Timeout = cfg.Options.Timeout
	s.Logger = cfg.Options.Logger
	s.Now = cfg.Options.Now
	p, err := r.Open(ctx, s)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("providers: %s: %w", r.Name, err)
	}
	if p == nil {
		return nil, fmt.Errorf("providers: %s: opener returned no provider", r.Name)
	}
	return payments.New(p, &payments.Options{
		Logger:   cfg.Options.Logger,
		Observer: cfg.Options.Observer,
		Now:      cfg.Options.Now,
		Retry: payments.RetryPolicy{
			MaxAttempts:  cfg.Options.RetryMaxAttempts,
			InitialDelay: cfg.Options.RetryInitialDelay,
			MaxDelay:     cfg.Options.RetryMaxDelay,
		},
		MaxWebhookBytes: cfg.Options.MaxWebhookBytes,
	})
}
