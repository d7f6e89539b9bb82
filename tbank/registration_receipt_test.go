package tbank

import (
	"context"
	"errors"
	"testing"

	"github.com/paykit/payments/providerkit"
)

// TestRegistrationReceiptSettings: a shop configured from the environment
// or JSON can choose FFD 1.2 and its default unit of measure (Config's
// FFDVersion and MeasurementUnit had no setting, so such a shop could only
// send FFD 1.05 receipts), and a bad value names its setting and variable.
func TestRegistrationReceiptSettings(t *testing.T) {
	t.Parallel()
	r := Registration()
	base := map[string]string{"terminal_key": testTerminal, "password": testPassword}
	with := func(kv ...string) providerkit.Settings {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return providerkit.NewSettings(r, m)
	}
	p, err := r.Open(context.Background(), with("ffd_version", "1.2", "measurement_unit", "кг", "taxation", "osn"))
	if err != nil {
		t.Fatal(err)
	}
	if tp := p.(*Provider); tp.ffd != "1.2" || tp.unit != "кг" || tp.taxation != "osn" {
		t.Errorf("FFD %q, unit %q, taxation %q; want 1.2, кг, osn", tp.ffd, tp.unit, tp.taxation)
	}
	p, err = r.Open(context.Background(), with())
	if err != nil {
		t.Fatal(err)
	}
	if tp := p.(*Provider); tp.ffd == "1.2" || tp.unit != "шт" {
		t.Errorf("defaults %q, %q; want FFD 1.05 (or empty, its default) and шт", tp.ffd, tp.unit)
	}
	for _, tt := range []struct{ key, value, env string }{
		{"ffd_version", "1.1", "TBANK_FFD_VERSION"},
		{"measurement_unit", " кг", "TBANK_MEASUREMENT_UNIT"},
		{"taxation", "usn", "TBANK_TAXATION"},
	} {
		_, err := r.Open(context.Background(), with(tt.key, tt.value))
		var ce *providerkit.ConfigError
		if !errors.As(err, &ce) || ce.Field != tt.key || ce.Env != tt.env {
			t.Errorf("%s=%q: error %v, want a ConfigError naming %s (%s)", tt.key, tt.value, err, tt.key, tt.env)
		}
	}
}
