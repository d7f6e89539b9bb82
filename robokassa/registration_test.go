package robokassa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// TestRegistrationSettings: every setting of the registration reaches its
// Config field, and the registration is well formed.
func TestRegistrationSettings(t *testing.T) {
	t.Parallel()
	r := Registration()
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	s := providerkit.NewSettings(r, map[string]string{
		"merchant_login": "golden-shop", "password1": "Pass1_golden8", "password2": "Pass2_golden8", "password3": "Pass3_golden8",
		"test_password1": "Test1_golden8", "test_password2": "Test2_golden8", "test_mode": "true", "algorithm": "sha-256",
		"refund_algorithm": "hs384", "refund_body": "json_string", "invoice_body": "raw_jwt", "currency": "kzt",
		"auth_url": "https://auth.robokassa.kz", "services_url": "https://services.example", "culture": "kk",
		"post_form": "true", "receipt_encoding": "raw_json",
	})
	got, err := configFrom(s)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		MerchantLogin: "golden-shop", Password1: "Pass1_golden8", Password2: "Pass2_golden8", Password3: "Pass3_golden8",
		TestPassword1: "Test1_golden8", TestPassword2: "Test2_golden8", TestMode: true, Algorithm: SHA256,
		RefundAlgorithm: "HS384", RefundBody: BodyJSONString, InvoiceBody: BodyRawJWT, Currency: payments.KZT,
		AuthURL: "https://auth.robokassa.kz", ServicesURL: "https://services.example", Culture: "kk",
		PostForm: true, ReceiptEncoding: ReceiptRawJSON,
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b payments.Secret) bool { return a.Reveal() == b.Reveal() })); diff != "" {
		t.Errorf("Config from settings (-want +got):\n%s", diff)
	}
	for _, f := range r.Fields {
		if f.Help == "" {
			t.Errorf("field %s has no help", f.Key)
		}
	}
	// A field robokassa's own Validate refuses is named by its key and
	// variable, with robokassa's error kept.
	_, err = configFrom(providerkit.NewSettings(r, map[string]string{"merchant_login": "a:b", "password1": "p", "password2": "p", "algorithm": "MD5"}))
	var ce *providerkit.ConfigError
	var rce *ConfigError
	if !errors.As(err, &ce) || ce.Env != "ROBOKASSA_MERCHANT_LOGIN" || !errors.As(err, &rce) || rce.Field != "MerchantLogin" {
		t.Errorf("error = %v, want robokassa's MerchantLogin error named ROBOKASSA_MERCHANT_LOGIN", err)
	}
}
