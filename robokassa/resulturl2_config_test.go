package robokassa

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// The settings of ResultUrl2 certificates and RoboFiscal reach their Config
// fields: the certificates as PEM text or from a file (not both), the
// fiscal and shop URLs, and the clock of the Settings.
func TestRegistrationResultURL2AndFiscal(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	pemText := yearCert(t, a)
	file := filepath.Join(t.TempDir(), "robokassa-result-url-2.pem")
	if err := os.WriteFile(file, []byte(pemText), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Registration()
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{"merchant_login": "golden-shop", "password1": "p1", "password2": "p2", "algorithm": "MD5"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		values  map[string]string
		want    [3]string // certificates, fiscal URL, shop URL
		wantErr string    // the key named by the error
	}{
		{"defaults", with(), [3]string{}, ""},
		{"inline", with("result_url2_certificates", pemText, "fiscal_url", "http://127.0.0.1:9/fiscal", "shop_url", "https://shop.example/"),
			[3]string{pemText, "http://127.0.0.1:9/fiscal", "https://shop.example/"}, ""},
		{"file", with("result_url2_certificates_path", file), [3]string{pemText}, ""},
		{"both", with("result_url2_certificates", pemText, "result_url2_certificates_path", file), [3]string{}, "result_url2_certificates_path"},
		{"missing file", with("result_url2_certificates_path", file+".nope"), [3]string{}, "result_url2_certificates_path"},
		{"not PEM", with("result_url2_certificates", "hello"), [3]string{}, "result_url2_certificates"},
		{"bad fiscal URL", with("fiscal_url", "ws.roboxchange.com"), [3]string{}, "fiscal_url"},
		{"bad shop URL", with("shop_url", "/shop"), [3]string{}, "shop_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := configFrom(providerkit.NewSettings(r, tt.values))
			if tt.wantErr != "" {
				var ce *providerkit.ConfigError
				if !errors.As(err, &ce) || ce.Field != tt.wantErr || ce.Env == "" {
					t.Errorf("configFrom: %v, want an error naming %s and its variable", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := [3]string{cfg.ResultURL2Certificates, cfg.FiscalURL, cfg.ShopURL}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Config (-want +got):\n%s", diff)
			}
		})
	}
	// Open passes the Settings' clock on.
	s := providerkit.NewSettings(r, with("result_url2_certificates", pemText))
	s.Now = func() time.Time { return url2Now }
	pr, err := r.Open(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	p := pr.(*Provider)
	if _, err := p.VerifyResultURL2([]byte(signNote(t, a, url2Note(StateOK)))); err != nil {
		t.Errorf("verify with the opened provider's clock: %v", err)
	}
	if p.Config().FiscalURL != HostFiscal {
		t.Errorf("default FiscalURL = %q", p.Config().FiscalURL)
	}
}

// A sandbox's FiscalURL receives the receipts.
func TestFiscalURL(t *testing.T) {
	t.Parallel()
	rt, reqs, _ := fiscalServer(200, `{"ResultCode":"1","ResultDescription":"waiting"}`)
	p := newProvider(t, rt, func(c *Config) { c.FiscalURL = "http://127.0.0.1:8080/sandbox/" })
	r, err := p.SendReceipt(t.Context(), goldenReceiptRequest())
	if err != nil || r.Status != payments.FiscalPending {
		t.Fatalf("SendReceipt = %+v, %v", r, err)
	}
	if got := (*reqs)[0].URL.String(); got != "http://127.0.0.1:8080/sandbox/RoboFiscal/Receipt/Attach" {
		t.Errorf("URL = %s", got)
	}
}
