package providers

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// fullEnv sets every variable FromEnv reads.
var fullEnv = map[string]string{
	"PAYMENTS_PROVIDER":            "robokassa",
	"PAYMENTS_TIMEOUT":             "10s",
	"PAYMENTS_RETRY_MAX_ATTEMPTS":  "5",
	"PAYMENTS_RETRY_INITIAL_DELAY": "100ms",
	"PAYMENTS_RETRY_MAX_DELAY":     "2s",
	"PAYMENTS_MAX_WEBHOOK_BYTES":   "4096",
	"PAYMENTS_WIRE_LOG":            "1",

	"ROBOKASSA_MERCHANT_LOGIN":                goldenLogin,
	"ROBOKASSA_PASSWORD1":                     goldenPass1,
	"ROBOKASSA_PASSWORD1_FILE":                "/run/secrets/p1",
	"ROBOKASSA_PASSWORD2":                     goldenPass2,
	"ROBOKASSA_PASSWORD2_FILE":                "/run/secrets/p2",
	"ROBOKASSA_PASSWORD3":                     goldenPass3,
	"ROBOKASSA_PASSWORD3_FILE":                "/run/secrets/p3",
	"ROBOKASSA_TEST_PASSWORD1":                goldenTest1,
	"ROBOKASSA_TEST_PASSWORD1_FILE":           "/run/secrets/t1",
	"ROBOKASSA_TEST_PASSWORD2":                goldenTest2,
	"ROBOKASSA_TEST_PASSWORD2_FILE":           "/run/secrets/t2",
	"ROBOKASSA_TEST_MODE":                     "true",
	"ROBOKASSA_ALGORITHM":                     "sha-256",
	"ROBOKASSA_REFUND_ALGORITHM":              "HS384",
	"ROBOKASSA_REFUND_BODY":                   "json_string",
	"ROBOKASSA_INVOICE_BODY":                  "raw_jwt",
	"ROBOKASSA_CURRENCY":                      "KZT",
	"ROBOKASSA_AUTH_URL":                      "https://auth.robokassa.kz",
	"ROBOKASSA_SERVICES_URL":                  "https://services.robokassa.ru",
	"ROBOKASSA_CULTURE":                       "kk",
	"ROBOKASSA_POST_FORM":                     "1",
	"ROBOKASSA_RECEIPT_ENCODING":              "raw_json",
	"ROBOKASSA_RESULT_URL2":                   "https://shop.example/robokassa/result2",
	"ROBOKASSA_RESULT_URL2_CERTIFICATES":      "-----BEGIN CERTIFICATE-----",
	"ROBOKASSA_RESULT_URL2_CERTIFICATES_PATH": "/etc/robokassa/result-url-2.pem",
	"ROBOKASSA_FISCAL_URL":                    "https://ws.roboxchange.com",
	"ROBOKASSA_SHOP_URL":                      "https://shop.example/",

	"TBANK_TERMINAL_KEY":     "1700000000000DEMO",
	"TBANK_PASSWORD":         "Golden_tbank_pw1",
	"TBANK_PASSWORD_FILE":    "/run/secrets/tbank",
	"TBANK_BASE_URL":         "https://securepay.tinkoff.ru/v2",
	"TBANK_TAXATION":         "usn_income",
	"TBANK_ROOT_CAS":         "-----BEGIN CERTIFICATE-----",
	"TBANK_FFD_VERSION":      "1.2",
	"TBANK_MEASUREMENT_UNIT": "кг",

	"CLIENTSDK_BASE_URL":          "https://sbank.test",
	"CLIENTSDK_MERCHANT_ID":       sdkMerchant,
	"CLIENTSDK_PRODUCT_ID":        sdkProduct,
	"CLIENTSDK_SECRET":            sdkSecret,
	"CLIENTSDK_SECRET_FILE":       "/run/secrets/sdk",
	"CLIENTSDK_NOTIFICATION_PATH": "/webhooks",
	"CLIENTSDK_NOTIFICATION_URL":  "https://shop.example/webhooks",

	"PAYMENTS_FAKE_WEBHOOK_SECRET":               "fake-hook-secret-42",
	"PAYMENTS_FAKE_WEBHOOK_SECRET_FILE":          "/run/secrets/fake",
	"PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET": "true",
	"PAYMENTS_FAKE_MERCHANT_ID":                  "shop-7",
	"PAYMENTS_FAKE_CURRENCIES":                   "RUB, eur,,",
	"PAYMENTS_FAKE_PAY_URL":                      "https://pay.example/",

	"ACME_API_KEY":      "third-party-token-7",
	"ACME_API_KEY_FILE": "/run/secrets/api_key",
	"ACME_REGION":       "eu",
	"ACME_SANDBOX":      "0",
	"ACME_MODE":         "normal",
	"ACME_NOT_A_FIELD":  "ignored",
}

func TestFromEnvAll(t *testing.T) {
	t.Parallel()
	got, err := FromEnv(envMap(fullEnv))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Provider: "robokassa",
		Sections: map[string]Section{
			"robokassa": {
				"merchant_login": goldenLogin,
				"password1":      goldenPass1, "password1_file": "/run/secrets/p1",
				"password2": goldenPass2, "password2_file": "/run/secrets/p2",
				"password3": goldenPass3, "password3_file": "/run/secrets/p3",
				"test_password1": goldenTest1, "test_password1_file": "/run/secrets/t1",
				"test_password2": goldenTest2, "test_password2_file": "/run/secrets/t2",
				"test_mode": "true", "algorithm": "sha-256", "refund_algorithm": "HS384", "refund_body": "json_string",
				"invoice_body": "raw_jwt", "currency": "KZT", "auth_url": "https://auth.robokassa.kz",
				"services_url": "https://services.robokassa.ru", "culture": "kk", "post_form": "true", "receipt_encoding": "raw_json",
				"result_url2": "https://shop.example/robokassa/result2", "result_url2_certificates": "-----BEGIN CERTIFICATE-----",
				"result_url2_certificates_path": "/etc/robokassa/result-url-2.pem", "fiscal_url": "https://ws.roboxchange.com",
				"shop_url": "https://shop.example/",
			},
			"clientsdk": {
				"base_url": "https://sbank.test", "merchant_id": sdkMerchant, "product_id": sdkProduct,
				"secret": sdkSecret, "secret_file": "/run/secrets/sdk",
				"notification_path": "/webhooks", "notification_url": "https://shop.example/webhooks",
			},
			"fake": {
				"webhook_secret": "fake-hook-secret-42", "webhook_secret_file": "/run/secrets/fake",
				"unsafe_public_webhook_secret": "true", "merchant_id": "shop-7",
				"currencies": "RUB,eur", "pay_url": "https://pay.example/",
			},
			"tbank": {
				"terminal_key": "1700000000000DEMO", "password": "Golden_tbank_pw1", "password_file": "/run/secrets/tbank",
				"base_url": "https://securepay.tinkoff.ru/v2", "taxation": "usn_income", "root_cas": "-----BEGIN CERTIFICATE-----",
				"ffd_version": "1.2", "measurement_unit": "кг",
			},
			"acme": {"api_key": "third-party-token-7", "api_key_file": "/run/secrets/api_key", "region": "eu", "sandbox": "false", "mode": "normal"},
		},
		Options: Options{
			Timeout: 10 * time.Second, RetryMaxAttempts: 5, RetryInitialDelay: 100 * time.Millisecond,
			RetryMaxDelay: 2 * time.Second, MaxWebhookBytes: 4096, WireLog: true,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromEnv (-want +got):\n%s", diff)
	}
}

// TestFromEnvEveryVariable: each variable alone changes the config, so
// none is silently ignored.
func TestFromEnvEveryVariable(t *testing.T) {
	t.Parallel()
	for _, name := range EnvNames() {
		v, ok := fullEnv[name]
		if !ok {
			t.Errorf("fullEnv lacks %s", name)
			continue
		}
		env := map[string]string{name: v}
		got, err := FromEnv(envMap(env))
		if err != nil {
			t.Errorf("%s=%q: %v", name, v, err)
			continue
		}
		if cmp.Equal(Config{}, got) {
			t.Errorf("%s=%q left the config empty", name, v)
		}
	}
}

func TestFromEnvSections(t *testing.T) {
	t.Parallel()
	got, err := FromEnv(envMap(map[string]string{"PAYMENTS_PROVIDER": "fake", "CLIENTSDK_MERCHANT_ID": "13"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Provider: "fake", Sections: map[string]Section{"clientsdk": {"merchant_id": "13"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("only the sections with a variable set are present (-want +got):\n%s", diff)
	}
	empty, err := FromEnv(envMap(nil))
	if err != nil || !cmp.Equal(Config{}, empty) {
		t.Errorf("FromEnv of an empty environment = %v, %v; want the zero Config", empty, err)
	}
}

func TestFromEnvBooleans(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		value string
		want  bool
	}{{"true", true}, {"TRUE", true}, {"1", true}, {"t", true}, {"false", false}, {"0", false}, {"F", false}} {
		c, err := FromEnv(envMap(map[string]string{"ROBOKASSA_TEST_MODE": tt.value, "ROBOKASSA_POST_FORM": tt.value}))
		if err != nil {
			t.Errorf("%q: %v", tt.value, err)
			continue
		}
		want := fmt.Sprint(tt.want)
		if got := c.Sections["robokassa"]; got["test_mode"] != want || got["post_form"] != want {
			t.Errorf("%q = %v/%v, want %v", tt.value, got["test_mode"], got["post_form"], want)
		}
	}
}

func TestFromEnvBadValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value, want string
	}{
		{"ROBOKASSA_TEST_MODE", "yes", `providers: ROBOKASSA_TEST_MODE must be true or false (or 1 or 0), got "yes"`},
		{"ROBOKASSA_POST_FORM", "on", `providers: ROBOKASSA_POST_FORM must be true or false (or 1 or 0), got "on"`},
		{"PAYMENTS_TIMEOUT", "30", `providers: PAYMENTS_TIMEOUT must be a non-negative duration such as "10s", got "30"`},
		{"PAYMENTS_TIMEOUT", "-1s", `providers: PAYMENTS_TIMEOUT must be a non-negative duration such as "10s", got "-1s"`},
		{"PAYMENTS_RETRY_INITIAL_DELAY", "soon", `providers: PAYMENTS_RETRY_INITIAL_DELAY must be a non-negative duration such as "10s", got "soon"`},
		{"PAYMENTS_RETRY_MAX_DELAY", "1 s", `providers: PAYMENTS_RETRY_MAX_DELAY must be a non-negative duration such as "10s", got "1 s"`},
		{"PAYMENTS_RETRY_MAX_ATTEMPTS", "three", `providers: PAYMENTS_RETRY_MAX_ATTEMPTS must be a non-negative integer, got "three"`},
		{"PAYMENTS_RETRY_MAX_ATTEMPTS", "-1", `providers: PAYMENTS_RETRY_MAX_ATTEMPTS must be a non-negative integer, got "-1"`},
		{"PAYMENTS_MAX_WEBHOOK_BYTES", "64KiB", `providers: PAYMENTS_MAX_WEBHOOK_BYTES must be a non-negative integer, got "64KiB"`},
		{"ACME_SANDBOX", "maybe", `providers: ACME_SANDBOX must be true or false (or 1 or 0), got "maybe"`},
		{"ROBOKASSA_TEST_MODE", strings.Repeat("x", 100), `providers: ROBOKASSA_TEST_MODE must be true or false (or 1 or 0), got "` + strings.Repeat("x", 40) + `"...`},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			_, err := FromEnv(envMap(map[string]string{tt.name: tt.value}))
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.name {
				t.Fatalf("error = %v, want a *ConfigError naming %s", err, tt.name)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("error %v does not wrap payments.ErrInvalidRequest", err)
			}
		})
	}
}

// TestFromEnvAllBadValues: every malformed variable is reported, not only
// the first.
func TestFromEnvAllBadValues(t *testing.T) {
	t.Parallel()
	_, err := FromEnv(envMap(map[string]string{"ROBOKASSA_TEST_MODE": "yes", "PAYMENTS_TIMEOUT": "30", "ROBOKASSA_PASSWORD1": goldenPass1}))
	if err == nil {
		t.Fatal("no error")
	}
	for _, name := range []string{"ROBOKASSA_TEST_MODE", "PAYMENTS_TIMEOUT"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
	if strings.Contains(err.Error(), goldenPass1) {
		t.Errorf("error %q repeats a secret", err)
	}
}

func TestLoadEnv(t *testing.T) {
	t.Setenv("PAYMENTS_PROVIDER", "fake")
	t.Setenv("PAYMENTS_FAKE_CURRENCIES", "USD")
	t.Setenv("PAYMENTS_RETRY_MAX_ATTEMPTS", "1")
	c, err := LoadEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Provider: "fake", Sections: map[string]Section{"fake": {"currencies": "USD"}}, Options: Options{RetryMaxAttempts: 1}}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("LoadEnv (-want +got):\n%s", diff)
	}
}
