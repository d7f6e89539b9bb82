package clientsdk

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// kv builds params from key, value pairs.
func kv(pairs ...string) []Param {
	ps := make([]Param, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, Param{pairs[i], pairs[i+1]})
	}
	return ps
}

// threeDSExample are the 3-D Secure fields of examples/payment_3ds.py
// (device_browser_tz "60, 120, -180" copied from the README by mistake).
var threeDSExample = kv(
	"device_channel", "BRW",
	"device_browser_ip", "0.0.0.0",
	"device_browser_accept_header", "text/html",
	"device_browser_java_enabled", "false",
	"device_browser_language", "RU",
	"device_browser_color_depth", "32",
	"device_browser_screen_height", "800",
	"device_browser_screen_width", "480",
	"device_browser_tz", "60, 120, -180",
	"device_browser_user_agent", "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0",
	"challenge_window_size", "02",
)

// TestSignGolden signs the requests of the public SDKs' examples
// (github.com/Space-Around/client-payment-sdk-python examples/*.py and README;
// github.com/creater777/sbank tests/_fixtures/config.php) with their public test
// secret. The author's reference vector (tmp.py) and the raw init URL
// (examples/payment.py @ d3a0afd) carry published signatures; the others
// were computed by running the Python package's own sign
// (client_payment_sdk/sign.py, v0.0.1) and are not published vectors.
func TestSignGolden(t *testing.T) {
	t.Parallel()
	phpInit := kv("amount", "10", "order", "order-00003", "merchant_id", "13", "product_id", "15",
		"to_card", "4111111111111111", "description", "sale", "language", "ru",
		"finish_url", "https://exemple.com", "notification_url", "https://exemple.com")
	phpThreeDS := append(append([]Param{}, phpInit...), kv(
		"device_channel", "BRW", "device_browser_ip", "0.0.0.0", "device_browser_accept_header", "text/html",
		"device_browser_java_enabled", "false", "device_browser_language", "RU", "device_browser_color_depth", "32",
		"device_browser_screen_height", "800", "device_browser_screen_width", "480", "device_browser_tz", "180",
		"device_browser_user_agent", "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0",
		"challenge_window_size", "02")...)
	tests := []struct {
		name     string
		endpoint string
		method   string
		params   []Param
		secret   string
		want     string
	}{
		{
			// The SDK author's reference vector (tmp.py @ 3166d3e, deleted in fb4ce3b).
			name: "author's reference", endpoint: "/init", method: "GET",
			params: kv("amount", "10", "merchant_id", "13", "order", "order-00001", "product_id", "15"),
			want:   "SK0TkoeNslHBhKp4EI3_oCVfCJ1gBENQbgNf7YGfQWo",
		},
		{
			// The README .sign() example (ints given as strings).
			name: "README sign", endpoint: "/init", method: "POST",
			params: kv("amount", "10", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130021",
				"product_id", "15", "notification_url", "http://25ab-91-241-13-31.ngrok.io/webhooks"),
			want: "FAcbMIUZdaUJRBdDx4TcpCfA4kAh4W_b8SfI98jJv-E",
		},
		{
			// Cyrillic written as raw UTF-8 (made-up params).
			name: "Cyrillic", endpoint: "/init", method: "POST",
			params: kv("amount", "10", "description", "Заказ товара №5", "merchant_id", "13", "order", "о-1", "product_id", "15"),
			want:   "QheBpdP32eK1sd24LCzW4obhO5-7bEVBfUHKfQ2aodQ",
		},
		{
			// Empty params sign {"PATH":"/balance","GET":{}}.
			name: "empty params", endpoint: "/balance", method: "GET",
			want: "k0DPAOYG9eoqt0gQFSunNdrOyQEtNc4f4wMJ22r0UAY",
		},
		{
			// The synthetic webhook exampleE, empty fields signed.
			name: "webhook", endpoint: "/webhooks", method: "POST",
			params: kv("webhook_type", "invoice", "invoice_id", "696", "amount", "100.0000", "customer_fee", "0.0000",
				"order", "fb11ff6c-7145-11ec-9e37-0242ac130019", "merchant_id", "13", "product_id", "15",
				"status", "complete", "currency", "RUB", "webhook_id", "1", "payment_error_code", "", "payment_error", ""),
			want: "Y1rs4Jlm0fG3rricMytidaR58-6Eknw1GaLUM1YsPYo",
		},
		{
			// examples/payment_sbp.py (the order and URL are the values that
			// reproduce the signature).
			name: "init SBP", endpoint: "/init", method: "POST",
			params: kv("amount", "10", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130011",
				"product_id", "15", "notification_url", "https://918a-91-241-13-31.ngrok.io/webhooks"),
			want: "InCT5C_pPLPw1_aJolEz7mILopn98ksQO685aeU_qaI",
		},
		{
			// examples/payment_h2h.py, cvc "1" (order and URL as they
			// reproduce the signature).
			name: "init host2host", endpoint: "/init", method: "POST",
			params: kv("amount", "50", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130038", "product_id", "15",
				"pan", "4111111111111111", "expire_month", "01", "expire_year", "25", "cvc", "1",
				"notification_url", "https://918a-91-241-13-31.ngrok.io/webhooks"),
			want: "kUJ7DDDDiD5lAQNKloZkSAQWQtToKmbs0M6LLtBxzSM",
		},
		{
			// examples/payment_3ds.py (order as it reproduces the signature).
			name: "init 3DS Python", endpoint: "/init", method: "POST",
			params: append(kv("amount", "100", "merchant_id", "13", "order", "fb11ff6c-7145-11ec-9e37-0242ac130073", "product_id", "15"), threeDSExample...),
			want:   "ocfq-_uWh72NPLnko8t2tFAK2zSe1CpogQzCNcYKfp8",
		},
		{
			// PHP threeDSRequest (creater777/sbank tests/_fixtures/config.php).
			name: "init 3DS PHP", endpoint: "/init", method: "POST", params: phpThreeDS,
			want: "f8-t2M5UVjaFaMaqupsd2RpwclAgJUNeyqXgCmuft1I",
		},
		{
			// examples/payment_status.py.
			name: "status", endpoint: "/status", method: "GET",
			params: kv("merchant_id", "13", "order", "fb11ff6c-7145-11ec-9e37-0242ac130032", "product_id", "15"),
			want:   "AylGUVX-98EcoZG4DFaIEbGkseAiQJGQs2bb11ikVZQ",
		},
		{
			// examples/payment_balance.py.
			name: "balance", endpoint: "/balance", method: "GET",
			params: kv("merchant_id", "13"),
			want:   "TzO-3erdf4qYzY44AZ1iJmhjJo8omR72iY4nG_YWtfA",
		},
		{
			// The PHP balanceRequest adds currency=RUB.
			name: "balance PHP", endpoint: "/balance", method: "GET",
			params: kv("merchant_id", "13", "currency", "RUB"),
			want:   "UWacmMumRfQ8NHKEfNt1sVcvcNAgEyZtLgzax-lLe30",
		},
		{
			// examples/withdrawal.py.
			name: "withdrawal", endpoint: "/withdrawal_request", method: "POST",
			params: kv("amount", "50", "merchant_id", "15", "order", "067dbec6-719c-11ec-9e37-0242ac130197", "pan", "4111111111111111"),
			want:   "8bH1y51Wqs7pmY4keLmy_r9ea8os4J9ioxDKiLTX31I",
		},
		{
			// examples/withdrawal_status.py, by order (merchant and order
			// as they reproduce the signature).
			name: "withdrawal status by order", endpoint: "/withdrawal_request", method: "GET",
			params: kv("merchant_id", "15", "order", "067dbec6-719c-11ec-9e37-0242ac130196"),
			want:   "nVqbsyb9H71kTemiAo9KIGFopXepJSFaaUROV_vu_rs",
		},
		{
			// examples/withdrawal_status.py, by id.
			name: "withdrawal status by id", endpoint: "/withdrawal_request", method: "GET",
			params: kv("id", "1523", "merchant_id", "1"),
			want:   "ETDMC21VDCObxwmXvifUJ8u0F5gV_3jT-4C4D1kabtE",
		},
		{
			// The raw init URL of examples/payment.py @ d3a0afd (signed as a POST,
			// opened as a GET URL).
			name: "raw init URL", endpoint: "/init", method: "post",
			params: kv("amount", "90", "merchant_id", "52", "order", "067dbec6-719c-11ec-9e37-0242ac130040", "product_id", "15"),
			want:   "8pFBWgAAmxBoLAWSrs4qLuPaWPtwprdI3nUxpaDTV_Y",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			secret := tt.secret
			if secret == "" {
				secret = testSecret
			}
			got, err := Sign(tt.endpoint, tt.method, tt.params, secret)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Sign = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestCanonicalGolden checks the signed bytes and the HMAC of the author's
// reference vector and the README .sign() example, and the quirk (quotes
// and a backslash written raw) that the public Sign refuses. The payloads,
// hex and HMACs were computed by running the Python package's sign; only
// the reference vector's signature is published (tmp.py @ 3166d3e).
func TestCanonicalGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		endpoint string
		method   string
		params   []Param
		wantP    string
		wantHex  string // P in hex, when known
		wantB64  string // b64(P), when known
		wantHMAC string
		wantSig  string
	}{
		{
			// The author's reference vector (tmp.py @ 3166d3e).
			name: "author's reference", endpoint: "/init", method: "GET",
			params:   kv("amount", "10", "merchant_id", "13", "order", "order-00001", "product_id", "15"),
			wantP:    `{"PATH":"/init","GET":{"amount":"10","merchant_id":"13","order":"order-00001","product_id":"15"}}`,
			wantHex:  "7b2250415448223a222f696e6974222c22474554223a7b22616d6f756e74223a223130222c226d65726368616e745f6964223a223133222c226f72646572223a226f726465722d3030303031222c2270726f647563745f6964223a223135227d7d",
			wantB64:  "eyJQQVRIIjoiL2luaXQiLCJHRVQiOnsiYW1vdW50IjoiMTAiLCJtZXJjaGFudF9pZCI6IjEzIiwib3JkZXIiOiJvcmRlci0wMDAwMSIsInByb2R1Y3RfaWQiOiIxNSJ9fQ",
			wantHMAC: "48ad1392878db251c184aa78108dffa0255f089d600443506e035fed819f416a",
			wantSig:  "SK0TkoeNslHBhKp4EI3_oCVfCJ1gBENQbgNf7YGfQWo",
		},
		{
			// The README .sign() example.
			name: "README sign", endpoint: "/init", method: "POST",
			params: kv("amount", "10", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130021",
				"product_id", "15", "notification_url", "http://25ab-91-241-13-31.ngrok.io/webhooks"),
			wantP:    `{"PATH":"/init","POST":{"amount":"10","merchant_id":"15","notification_url":"http://25ab-91-241-13-31.ngrok.io/webhooks","order":"241eeda4-7491-11ec-9c7f-0242ac130021","product_id":"15"}}`,
			wantHMAC: "14071b30851975a509441743c784dca427c0e24021e16fdbf127c8f7c8c9bfe1",
			wantSig:  "FAcbMIUZdaUJRBdDx4TcpCfA4kAh4W_b8SfI98jJv-E",
		},
		{
			// Quotes and a backslash written raw (invalid JSON).
			name: "quotes and backslash", endpoint: "/init", method: "POST",
			params:  kv("description", `say "hi" \ bye`, "merchant_id", "13"),
			wantP:   `{"PATH":"/init","POST":{"description":"say "hi" \ bye","merchant_id":"13"}}`,
			wantSig: "qjGFO8uU3Qwi_RHPAmu1N1q6JhQNboEOKN9lYftKUNw",
		},
		{
			// Empty params.
			name: "empty params", endpoint: "/balance", method: "GET",
			wantP:   `{"PATH":"/balance","GET":{}}`,
			wantSig: "k0DPAOYG9eoqt0gQFSunNdrOyQEtNc4f4wMJ22r0UAY",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := appendCanonical(nil, tt.endpoint, tt.method, sortParams(tt.params))
			if diff := cmp.Diff(tt.wantP, string(p)); diff != "" {
				t.Errorf("canonical payload (-want +got):\n%s", diff)
			}
			if tt.wantHex != "" && hex.EncodeToString(p) != tt.wantHex {
				t.Errorf("payload hex = %x, want %s", p, tt.wantHex)
			}
			if tt.wantB64 != "" && base64.RawURLEncoding.EncodeToString(p) != tt.wantB64 {
				t.Errorf("b64(P) = %s, want %s", base64.RawURLEncoding.EncodeToString(p), tt.wantB64)
			}
			mac := rawMAC([]byte(testSecret), p)
			if tt.wantHMAC != "" && hex.EncodeToString(mac) != tt.wantHMAC {
				t.Errorf("HMAC = %x, want %s", mac, tt.wantHMAC)
			}
			if got := base64.RawURLEncoding.EncodeToString(mac); got != tt.wantSig {
				t.Errorf("signature = %s, want %s", got, tt.wantSig)
			}
		})
	}
}

// TestSignWireBody checks the form body of the README .sign() example: fields in
// the caller's order, '/' and ':' escaped, the signature last.
func TestSignWireBody(t *testing.T) {
	t.Parallel()
	params := kv("amount", "10", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130021",
		"product_id", "15", "notification_url", "http://25ab-91-241-13-31.ngrok.io/webhooks")
	sig, err := Sign("/init", "POST", params, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	want := "amount=10&merchant_id=15&order=241eeda4-7491-11ec-9c7f-0242ac130021&product_id=15&notification_url=http%3A%2F%2F25ab-91-241-13-31.ngrok.io%2Fwebhooks&signature=FAcbMIUZdaUJRBdDx4TcpCfA4kAh4W_b8SfI98jJv-E"
	if diff := cmp.Diff(want, encodeParams(params, sig)); diff != "" {
		t.Errorf("wire body (-want +got):\n%s", diff)
	}
}

func TestSignRejectsAmbiguousText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		endpoint string
		method   string
		params   []Param
	}{
		{name: "quote in value", endpoint: "/init", method: "POST", params: kv("description", `say "hi"`)},
		{name: "backslash in value", endpoint: "/init", method: "POST", params: kv("description", `a\b`)},
		{name: "newline in value", endpoint: "/init", method: "POST", params: kv("description", "a\nb")},
		{name: "tab in value", endpoint: "/init", method: "POST", params: kv("description", "a\tb")},
		{name: "NUL in value", endpoint: "/init", method: "POST", params: kv("description", "a\x00b")},
		{name: "DEL in value", endpoint: "/init", method: "POST", params: kv("description", "a\x7fb")},
		{name: "line separator in value", endpoint: "/init", method: "POST", params: kv("description", "a\u2028b")},
		{name: "paragraph separator in value", endpoint: "/init", method: "POST", params: kv("description", "a\u2029b")},
		{name: "invalid UTF-8 in value", endpoint: "/init", method: "POST", params: kv("description", "a\xffb")},
		{name: "quote in key", endpoint: "/init", method: "POST", params: kv(`a"b`, "1")},
		{name: "empty key", endpoint: "/init", method: "POST", params: kv("", "1")},
		{name: "duplicate key", endpoint: "/init", method: "POST", params: kv("order", "1", "order", "2")},
		{name: "quote in endpoint", endpoint: `/in"it`, method: "POST"},
		{name: "empty method", endpoint: "/init", method: ""},
		{name: "quote in method", endpoint: "/init", method: `PO"ST`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sig, err := Sign(tt.endpoint, tt.method, tt.params, testSecret)
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("Sign = %q, %v; want an error wrapping ErrInvalidRequest", sig, err)
			}
			for _, p := range tt.params {
				if p.Value != "" && strings.Contains(err.Error(), p.Value) {
					t.Errorf("error %q shows the value %q", err, p.Value)
				}
			}
		})
	}
}

// TestSignMatchesRawHMAC checks that the go-jose path and the bare HMAC
// agree, for the empty secret too (jwcrypto's JWK.from_password, which
// client_payment_sdk/sign.py uses, accepts it).
func TestSignMatchesRawHMAC(t *testing.T) {
	t.Parallel()
	for _, secret := range []string{"", "k", testSecret, strings.Repeat("s", 64)} {
		params := kv("order", "o-1", "amount", "10.00", "description", "Заказ", "empty", "")
		got, err := Sign("/init", "post", params, secret)
		if err != nil {
			t.Fatal(err)
		}
		p := appendCanonical(nil, "/init", "POST", sortParams(params))
		want := base64.RawURLEncoding.EncodeToString(rawMAC([]byte(secret), p))
		if got != want {
			t.Errorf("secret of %d bytes: Sign = %s, raw HMAC = %s", len(secret), got, want)
		}
		if len(got) != sigLen {
			t.Errorf("signature has %d characters, want %d", len(got), sigLen)
		}
	}
}

// TestSignDoesNotReorderInput checks that Sign sorts a copy.
func TestSignDoesNotReorderInput(t *testing.T) {
	t.Parallel()
	params := kv("b", "2", "a", "1")
	if _, err := Sign("/x", "GET", params, testSecret); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(kv("b", "2", "a", "1"), params); diff != "" {
		t.Errorf("params changed (-want +got):\n%s", diff)
	}
}
