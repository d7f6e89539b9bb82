package robokassa

import (
	"errors"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// TestRegistrationCase: names in configuration are accepted in any case of
// their ASCII letters (the rule payments.ParseCurrency and the CLI follow),
// and only those: strings.ToUpper would map the long s "ſ" onto "S" and the
// dotless "ı" onto "I", accepting names that merely look alike.
func TestRegistrationCase(t *testing.T) {
	t.Parallel()
	base := map[string]string{"merchant_login": "golden-shop", "password1": "p1", "password2": "p2", "algorithm": "MD5"}
	with := func(k, v string) map[string]string {
		m := map[string]string{k: v}
		for bk, bv := range base {
			if bk != k {
				m[bk] = bv
			}
		}
		return m
	}
	good := []struct {
		key, value string
		check      func(Config) bool
	}{
		{"algorithm", "Sha-256", func(c Config) bool { return c.Algorithm == SHA256 }},
		{"currency", "rub", func(c Config) bool { return c.Currency == payments.RUB }},
		{"currency", "Kzt", func(c Config) bool { return c.Currency == payments.KZT }},
		{"refund_algorithm", "hs512", func(c Config) bool { return c.RefundAlgorithm == "HS512" }},
	}
	for _, tt := range good {
		cfg, err := configFrom(providerkit.NewSettings(Registration(), with(tt.key, tt.value)))
		if err != nil || !tt.check(cfg) {
			t.Errorf("%s=%q: config %+v, error %v; want it accepted", tt.key, tt.value, cfg, err)
		}
	}
	bad := []struct{ key, value string }{
		{"algorithm", "ſha256"},
		{"currency", "ruв"},
		{"currency", "ıdr"},
		{"refund_algorithm", "hſ256"},
	}
	for _, tt := range bad {
		_, err := configFrom(providerkit.NewSettings(Registration(), with(tt.key, tt.value)))
		var ce *providerkit.ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s=%q: error %v, want a *providerkit.ConfigError", tt.key, tt.value, err)
		}
	}
}
