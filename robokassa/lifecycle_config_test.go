package robokassa

import (
	"errors"
	"testing"

	"github.com/paykit/payments/providerkit"
)

// TestConfigResultURL2: Config.ResultURL2 (ROBOKASSA_RESULT_URL2, the
// ResultUrl2 of holds) is read from the settings and must be an absolute
// http(s) URL; a bad one is refused at New and named by its key and
// variable.
func TestConfigResultURL2(t *testing.T) {
	t.Parallel()
	base := map[string]string{"merchant_login": "golden-shop", "password1": "p1", "password2": "p2", "algorithm": "MD5"}
	r := Registration()
	with := func(v string) map[string]string {
		m := map[string]string{"result_url2": v}
		for k, x := range base {
			m[k] = x
		}
		return m
	}
	cfg, err := configFrom(providerkit.NewSettings(r, with("https://shop.example/robokassa/result2")))
	if err != nil || cfg.ResultURL2 != "https://shop.example/robokassa/result2" {
		t.Errorf("configFrom = %+v, %v", cfg, err)
	}
	for _, bad := range []string{"shop.example/result2", "ftp://shop.example/x", "https://shop.example/a b"} {
		_, err := configFrom(providerkit.NewSettings(r, with(bad)))
		var ce *providerkit.ConfigError
		var rce *ConfigError
		if !errors.As(err, &ce) || ce.Env != "ROBOKASSA_RESULT_URL2" || !errors.As(err, &rce) || rce.Field != "ResultURL2" {
			t.Errorf("%q: error = %v", bad, err)
		}
		c := goldenConfig()
		c.ResultURL2 = bad
		if _, err := New(c); !errors.As(err, &rce) || rce.Field != "ResultURL2" {
			t.Errorf("New with %q: %v", bad, err)
		}
	}
}
