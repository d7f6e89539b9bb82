package providers

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/paykit/payments"
)

// Open builds the provider that cfg names and returns a ready
// *payments.Client over it, with cfg.Options applied. It validates the
// whole configuration first, reading secret files and calling the
// provider's Validate, so that a missing or malformed setting fails here,
// not at the first payment. Configuration errors are *ConfigError values
// (wrapping payments.ErrInvalidRequest) that name the field and its
// environment variable; an unknown provider's error lists the registered
// names.
func Open(ctx context.Context, cfg Config) (*payments.Client, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opener, err := lookup(cfg.Provider)
	if err != nil {
		return nil, err
	}
	if err := cfg.Options.validate(); err != nil {
		return nil, err
	}
	settings, err := resolveSettings(cfg.Provider, cfg.Settings)
	if err != nil {
		return nil, err
	}
	cfg.Settings = settings
	cfg.Options.HTTPClient = cfg.Options.httpClient()
	p, err := opener(ctx, cfg)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("providers: %s: %w", cfg.Provider, err)
	}
	if p == nil {
		return nil, fmt.Errorf("providers: %s: opener returned no provider", cfg.Provider)
	}
	return payments.New(p, &payments.Options{
		Logger: cfg.Options.Logger,
		Now:    cfg.Options.Now,
		Retry: payments.RetryPolicy{
			MaxAttempts:  cfg.Options.RetryMaxAttempts,
			InitialDelay: cfg.Options.RetryInitialDelay,
			MaxDelay:     cfg.Options.RetryMaxDelay,
		},
		MaxWebhookBytes: cfg.Options.MaxWebhookBytes,
	})
}

// resolveSettings returns a copy of settings in which every "<key>_file"
// entry is replaced by "<key>" holding the file's content.
func resolveSettings(provider string, settings map[string]string) (map[string]string, error) {
	if len(settings) == 0 {
		return settings, nil
	}
	out := maps.Clone(settings)
	for _, k := range sortedKeys(settings) {
		if !validSettingKey(k) {
			return nil, &ConfigError{Provider: provider, Field: "settings", Reason: "has key " + quote(k) + "; keys are lower-case letters, digits and '_', starting with a letter"}
		}
		base, isFile := strings.CutSuffix(k, "_file")
		if !isFile || base == "" {
			s := secretField{key: k, value: settings[k]}
			if _, err := s.resolve(provider, settingPrefix); err != nil {
				return nil, settingError(err)
			}
			continue
		}
		v, err := secretField{key: base, value: settings[base], file: settings[k]}.resolve(provider, settingPrefix)
		if err != nil {
			return nil, settingError(err)
		}
		delete(out, k)
		out[base] = v
	}
	return out, nil
}

// settingError prefixes the field of a Settings error with "settings.".
func settingError(err error) error {
	var ce *ConfigError
	if errors.As(err, &ce) {
		ce.Field = "settings." + ce.Field
	}
	return err
}
