package providers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/robokassa"
)

func validRobokassa() Section {
	return Section{"merchant_login": goldenLogin, "password1": goldenPass1, "password2": goldenPass2, "algorithm": "MD5"}
}

func validClientSDK() Section {
	return Section{"merchant_id": sdkMerchant, "product_id": sdkProduct, "secret": sdkSecret, "notification_url": "https://shop.example/webhooks"}
}

// configOf is the Config of provider with its section s.
func configOf(provider string, s Section) Config {
	return Config{Provider: provider, Sections: map[string]Section{provider: s}}
}

func TestOpenBuiltins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want any // the provider's type
	}{
		{"robokassa", configOf("robokassa", validRobokassa()), (*robokassa.Provider)(nil)},
		{"clientsdk", configOf("clientsdk", validClientSDK()), (*clientsdk.Provider)(nil)},
		{"fake, unsafe public secret", configOf("fake", Section{"unsafe_public_webhook_secret": "true"}), (*paymentstest.Fake)(nil)},
		{"fake with section", configOf("fake", Section{"webhook_secret": "fake-hook-secret-42", "currencies": "usd"}), (*paymentstest.Fake)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Open(t.Context(), tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Provider().Name(); got != tt.cfg.Provider {
				t.Errorf("provider name = %q, want %q", got, tt.cfg.Provider)
			}
			if gotT, wantT := fmt.Sprintf("%T", c.Provider()), fmt.Sprintf("%T", tt.want); gotT != wantT {
				t.Errorf("provider type = %s, want %s", gotT, wantT)
			}
		})
	}
}

// TestOpenFakeOffline: the fake takes a whole payment offline, in the
// configured currencies.
func TestOpenFakeOffline(t *testing.T) {
	t.Parallel()
	c, err := Open(t.Context(), configOf("fake", Section{"webhook_secret": "fake-hook-secret-42", "currencies": "usd", "pay_url": "https://pay.example/p/"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: payments.MustParseMoney("1.00", payments.RUB)}); !errors.Is(err, payments.ErrUnsupported) {
		t.Errorf("RUB payment on a USD-only fake: error = %v, want ErrUnsupported", err)
	}
	p, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1", Amount: payments.MustParseMoney("1.00", payments.USD)})
	if err != nil {
		t.Fatal(err)
	}
	if p.NextStep.URL != "https://pay.example/p/pay_1" {
		t.Errorf("next step URL = %q, want the configured pay_url", p.NextStep.URL)
	}
	if err := c.Provider().(*paymentstest.Fake).MarkPaid("1"); err != nil {
		t.Fatal(err)
	}
	if st, err := c.PaymentStatus(t.Context(), "1"); err != nil || st.Status != payments.StatusSucceeded {
		t.Errorf("status = %v, %v; want succeeded", st, err)
	}
}

// TestOpenConfigErrors: a missing or malformed setting fails at Open with a
// *ConfigError that names the field and its variable.
func TestOpenConfigErrors(t *testing.T) {
	t.Parallel()
	rk := func(mod func(Section)) Config {
		c := validRobokassa()
		mod(c)
		return configOf("robokassa", c)
	}
	sdk := func(mod func(Section)) Config {
		c := validClientSDK()
		mod(c)
		return configOf("clientsdk", c)
	}
	tests := []struct {
		name string
		cfg  Config
		want string // the whole error text
	}{
		{"no provider", Config{}, "providers: provider is required; registered providers: acme, clientsdk, fake, robokassa, tbank (env PAYMENTS_PROVIDER)"},
		{"robokassa section missing", Config{Provider: "robokassa"}, `providers: robokassa: robokassa section is missing: give a "robokassa" object or ROBOKASSA_* variables`},
		{"clientsdk section missing", Config{Provider: "clientsdk", Sections: map[string]Section{"robokassa": validRobokassa()}}, `providers: clientsdk: clientsdk section is missing: give a "clientsdk" object or CLIENTSDK_* variables`},
		{"merchant login", rk(func(c Section) { delete(c, "merchant_login") }), "providers: robokassa: merchant_login is required (env ROBOKASSA_MERCHANT_LOGIN)"},
		{"password1", rk(func(c Section) { delete(c, "password1") }), "providers: robokassa: password1 is required (env ROBOKASSA_PASSWORD1)"},
		{"password2", rk(func(c Section) { delete(c, "password2") }), "providers: robokassa: password2 is required (env ROBOKASSA_PASSWORD2)"},
		{"test password in test mode", rk(func(c Section) { c["test_mode"] = "true" }), "providers: robokassa: test_password1 is required in test mode (env ROBOKASSA_TEST_PASSWORD1)"},
		{"algorithm missing", rk(func(c Section) { delete(c, "algorithm") }), "providers: robokassa: algorithm is required (env ROBOKASSA_ALGORITHM)"},
		{"algorithm unknown", rk(func(c Section) { c["algorithm"] = "CRC32" }), `providers: robokassa: algorithm must be MD5, RIPEMD160, SHA1, SHA256, SHA384 or SHA512, got "CRC32" (env ROBOKASSA_ALGORITHM)`},
		{"refund algorithm", rk(func(c Section) { c["refund_algorithm"] = "RS256" }), `providers: robokassa: refund_algorithm must be HS256, HS384 or HS512, got "RS256" (env ROBOKASSA_REFUND_ALGORITHM)`},
		{"refund body", rk(func(c Section) { c["refund_body"] = "jwt" }), `providers: robokassa: refund_body must be "raw_jwt" or "json_string", got "jwt" (env ROBOKASSA_REFUND_BODY)`},
		{"invoice body", rk(func(c Section) { c["invoice_body"] = "form" }), `providers: robokassa: invoice_body must be "raw_jwt" or "json_string", got "form" (env ROBOKASSA_INVOICE_BODY)`},
		{"receipt encoding", rk(func(c Section) { c["receipt_encoding"] = "base64" }), `providers: robokassa: receipt_encoding must be "url_encoded" or "raw_json", got "base64" (env ROBOKASSA_RECEIPT_ENCODING)`},
		{"currency", rk(func(c Section) { c["currency"] = "usd" }), `providers: robokassa: currency must be RUB or KZT, got "USD" (env ROBOKASSA_CURRENCY)`},
		{"auth url userinfo", rk(func(c Section) { c["auth_url"] = "https://golden-shop:Pass1_golden8@auth.robokassa.ru" }), "providers: robokassa: auth_url must not carry a user name or password: give secrets in their own fields or files (env ROBOKASSA_AUTH_URL)"},
		{"services url query", rk(func(c Section) { c["services_url"] = "https://services.robokassa.ru/?password3=Pass3_golden8" }), "providers: robokassa: services_url must not have a query: give secrets in their own fields or files (env ROBOKASSA_SERVICES_URL)"},
		{"auth url relative", rk(func(c Section) { c["auth_url"] = "auth.robokassa.ru" }), "providers: robokassa: auth_url must be an absolute http or https URL (env ROBOKASSA_AUTH_URL)"},
		{"merchant id", sdk(func(c Section) { delete(c, "merchant_id") }), "providers: clientsdk: merchant_id is required (env CLIENTSDK_MERCHANT_ID)"},
		{"product id", sdk(func(c Section) { delete(c, "product_id") }), "providers: clientsdk: product_id is required (env CLIENTSDK_PRODUCT_ID)"},
		{"secret", sdk(func(c Section) { delete(c, "secret") }), "providers: clientsdk: secret is required (env CLIENTSDK_SECRET)"},
		{"notification path", sdk(func(c Section) { delete(c, "notification_url") }), "providers: clientsdk: notification_path is required unless notification_url is set: webhooks are signed over it (env CLIENTSDK_NOTIFICATION_PATH)"},
		{"base url userinfo", sdk(func(c Section) { c["base_url"] = "https://13:aa21444f3f71@sbank.gogo.vc" }), "providers: clientsdk: base_url must not carry a user name or password: give secrets in their own fields or files (env CLIENTSDK_BASE_URL)"},
		{"base url query", sdk(func(c Section) { c["base_url"] = "https://sbank.gogo.vc?secret=aa21444f3f71" }), "providers: clientsdk: base_url must not have a query: give secrets in their own fields or files (env CLIENTSDK_BASE_URL)"},
		{"notification url userinfo", sdk(func(c Section) { c["notification_url"] = "https://u:aa21444f3f71@shop.example/webhooks" }), "providers: clientsdk: notification_url must not carry a user name or password: give secrets in their own fields or files (env CLIENTSDK_NOTIFICATION_URL)"},
		{"notification path and url disagree", sdk(func(c Section) { c["notification_path"] = "/hooks" }), `providers: clientsdk: notification_url is invalid: NotificationURL's path "/webhooks" is not NotificationPath "/hooks": webhooks would not verify (env CLIENTSDK_NOTIFICATION_URL)`},
		{"merchant id not text", sdk(func(c Section) { c["merchant_id"] = "1\n3" }), "providers: clientsdk: merchant_id is invalid: MerchantID must be plain text (env CLIENTSDK_MERCHANT_ID)"},
		{"fake currency", configOf("fake", Section{"currencies": "RUB,XYZ1"}), `providers: fake: currencies has "XYZ1", which is not an ISO 4217 currency code (env PAYMENTS_FAKE_CURRENCIES)`},
		{"fake pay url", configOf("fake", Section{"pay_url": "https://u:p@pay.example/"}), "providers: fake: pay_url must not carry a user name or password: give secrets in their own fields or files (env PAYMENTS_FAKE_PAY_URL)"},
		{"negative timeout", Config{Provider: "fake", Options: Options{Timeout: -time.Second}}, "providers: options.timeout must not be negative (env PAYMENTS_TIMEOUT)"},
		{"negative attempts", Config{Provider: "fake", Options: Options{RetryMaxAttempts: -1}}, "providers: options.retry_max_attempts must not be negative (env PAYMENTS_RETRY_MAX_ATTEMPTS)"},
		{"negative webhook limit", Config{Provider: "fake", Options: Options{MaxWebhookBytes: -1}}, "providers: options.max_webhook_bytes must not be negative (env PAYMENTS_MAX_WEBHOOK_BYTES)"},
		{"secret and file", sdk(func(c Section) { c["secret_file"] = "/run/secrets/x" }), "providers: clientsdk: secret and secret_file are both set; set one (env CLIENTSDK_SECRET)"},
		{"redaction marker", rk(func(c Section) { c["password2"] = Redacted }), "providers: robokassa: password2 holds the redaction marker [redacted]: the config was copied from printed output; set the real secret (env ROBOKASSA_PASSWORD2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Open(t.Context(), tt.cfg)
			if err == nil {
				t.Fatalf("Open = %v, want an error", c)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %v (%T) is not a *ConfigError", err, err)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("error %v does not wrap payments.ErrInvalidRequest", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
			if s, ok := containsAny(err.Error(), allSecrets); ok {
				t.Errorf("error %q contains secret %q", err, s)
			}
		})
	}
}

// TestOpenMissingSecretFromEnv: a secret missing from the environment fails
// at Open, not at the first payment, naming the variable.
func TestOpenMissingSecretFromEnv(t *testing.T) {
	t.Parallel()
	env := envWith("robokassa")
	delete(env, "ROBOKASSA_PASSWORD2")
	cfg, err := FromEnv(envMap(env))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(t.Context(), cfg)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Provider != "robokassa" || ce.Field != "password2" || ce.Env != "ROBOKASSA_PASSWORD2" {
		t.Errorf("error = %v, want a *ConfigError for robokassa password2 (ROBOKASSA_PASSWORD2)", err)
	}
	// A field robokassa itself refuses keeps its *robokassa.ConfigError.
	env["ROBOKASSA_PASSWORD2"], env["ROBOKASSA_TEST_MODE"] = goldenPass2, "1"
	if cfg, err = FromEnv(envMap(env)); err != nil {
		t.Fatal(err)
	}
	_, err = Open(t.Context(), cfg)
	if !errors.As(err, &ce) || ce.Field != "test_password1" || ce.Env != "ROBOKASSA_TEST_PASSWORD1" {
		t.Errorf("error = %v, want a *ConfigError for robokassa test_password1 (ROBOKASSA_TEST_PASSWORD1)", err)
	}
	var rce *robokassa.ConfigError
	if !errors.As(err, &rce) || rce.Field != "TestPassword1" {
		t.Errorf("error %v does not wrap robokassa's own *ConfigError", err)
	}
}

// TestOpenClientSDKErrorCause: a field clientsdk refuses is named by its
// key and variable, and its *clientsdk.ConfigError stays reachable.
func TestOpenClientSDKErrorCause(t *testing.T) {
	t.Parallel()
	c := validClientSDK()
	c["product_id"] = "1\n5"
	_, err := Open(t.Context(), configOf("clientsdk", c))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "product_id" || ce.Env != "CLIENTSDK_PRODUCT_ID" {
		t.Errorf("error = %v, want a *ConfigError for clientsdk product_id (CLIENTSDK_PRODUCT_ID)", err)
	}
	var sce *clientsdk.ConfigError
	if !errors.As(err, &sce) || sce.Field != "ProductID" {
		t.Errorf("error %v does not wrap clientsdk's own *ConfigError", err)
	}
}

func TestOpenUnknownProvider(t *testing.T) {
	t.Parallel()
	_, err := Open(t.Context(), Config{Provider: "stripe"})
	want := `providers: provider names unknown provider "stripe"; registered providers: ` + strings.Join(Names(), ", ") + " (env PAYMENTS_PROVIDER)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("error %v does not wrap ErrInvalidRequest", err)
	}
}

func TestOpenCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Open(ctx, Config{Provider: "fake"}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

// TestSecretFiles: secrets come from files, with one trailing newline
// removed; unreadable, empty and oversized files fail at Open by name.
func TestSecretFiles(t *testing.T) {
	t.Parallel()
	p1 := writeSecret(t, "p1", goldenPass1+"\n")
	p2 := writeSecret(t, "p2", goldenPass2+"\r\n")
	p3 := writeSecret(t, "p3", goldenPass3)
	cfg := configOf("robokassa", Section{
		"merchant_login": goldenLogin, "password1_file": p1, "password2_file": p2, "password3_file": p3, "algorithm": "MD5",
	})
	c, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	rc := c.Provider().(*robokassa.Provider).Config()
	got := [3]string{rc.Password1.Reveal(), rc.Password2.Reveal(), rc.Password3.Reveal()}
	if diff := cmp.Diff([3]string{goldenPass1, goldenPass2, goldenPass3}, got); diff != "" {
		t.Errorf("passwords from files (-want +got):\n%s", diff)
	}

	sdkFile := writeSecret(t, "sdk", sdkSecret+"\n")
	if _, err := Open(t.Context(), configOf("clientsdk", Section{"merchant_id": "13", "product_id": "15", "secret_file": sdkFile, "notification_path": "/webhooks"})); err != nil {
		t.Errorf("clientsdk secret from file: %v; want it read", err)
	}
	fc, err := Open(t.Context(), configOf("fake", Section{"webhook_secret_file": writeSecret(t, "hook", "fake-hook-secret-42\n")}))
	if err != nil {
		t.Fatal(err)
	}
	fake := fc.Provider().(*paymentstest.Fake)
	d := paymentstest.WebhookData{EventID: "evt_1", Type: payments.EventPayment, OrderID: "1", Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("1.00", payments.RUB)}
	if _, err := fake.VerifyWebhook(t.Context(), fake.SignWebhookWith(d, "fake-hook-secret-42")); err != nil {
		t.Errorf("fake webhook secret from file: a webhook signed with it fails: %v", err)
	}
	if _, err := fake.VerifyWebhook(t.Context(), fake.SignWebhookWith(d, "fake-hook-secret-42\n")); err == nil {
		t.Error("fake webhook secret from file: the trailing newline was kept")
	}

	empty := writeSecret(t, "empty", "\n")
	big := writeSecret(t, "big", strings.Repeat("x", maxSecretFile+1))
	missing := t.TempDir() + "/missing"
	tests := []struct {
		name string
		file string
		want string
	}{
		{"empty", empty, "providers: robokassa: password1_file names an empty file (env ROBOKASSA_PASSWORD1_FILE)"},
		{"missing", missing, "providers: robokassa: password1_file cannot be read: open " + missing + ": no such file or directory (env ROBOKASSA_PASSWORD1_FILE)"},
		{"too big", big, "providers: robokassa: password1_file cannot be read: file is larger than 64 KiB; a secret file holds only the secret (env ROBOKASSA_PASSWORD1_FILE)"},
	}
	for _, tt := range tests {
		c := validRobokassa()
		delete(c, "password1")
		c["password1_file"] = tt.file
		_, err := Open(t.Context(), configOf("robokassa", c))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error = %v\nwant    %s", tt.name, err, tt.want)
		}
		if tt.name == "missing" && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: error %v does not wrap os.ErrNotExist", tt.name, err)
		}
	}
}

// TestOptionsApplied: Options reach the Client and the provider's HTTP
// client.
func TestOptionsApplied(t *testing.T) {
	t.Parallel()
	base := &http.Client{}
	o := Options{Timeout: 7 * time.Second, HTTPClient: base}
	if got := o.httpClient(); got == base || got.Timeout != 7*time.Second {
		t.Errorf("a client without timeout: got %p timeout %v, want a copy with 7s", got, got.Timeout)
	}
	if base.Timeout != 0 {
		t.Error("the injected client was changed")
	}
	withTimeout := &http.Client{Timeout: time.Second}
	if got := (Options{HTTPClient: withTimeout}).httpClient(); got != withTimeout {
		t.Error("a client with its own timeout is not used as is")
	}
	if got := (Options{}).httpClient(); got.Timeout != DefaultTimeout {
		t.Errorf("default client timeout = %v, want %v", got.Timeout, DefaultTimeout)
	}

	// Retries: one attempt only, so a fake's queued failure is not retried.
	c, err := Open(t.Context(), Config{Provider: "fake", Sections: map[string]Section{"fake": {"webhook_secret": "fake-hook-secret-42"}}, Options: Options{RetryMaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	fake := c.Provider().(*paymentstest.Fake)
	fake.FailNext(payments.OpPaymentStatus, payments.NewError(payments.ErrUnavailable, "down", "maintenance"))
	_, err = c.PaymentStatus(t.Context(), "1")
	if !errors.Is(err, payments.ErrUnavailable) || fake.Calls(payments.OpPaymentStatus) != 1 {
		t.Errorf("error = %v after %d calls, want ErrUnavailable after 1", err, fake.Calls(payments.OpPaymentStatus))
	}
}
