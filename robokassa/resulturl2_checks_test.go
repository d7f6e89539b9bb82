package robokassa

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// url2Payload is the ResultUrl2 sample payload of https://docs.robokassa.ru/pay-interface
// for the golden shop with fields
// changed by mod, as JSON.
func url2Payload(t *testing.T, mod func(h, d map[string]any)) string {
	t.Helper()
	h := map[string]any{"type": "PaymentStateNotification", "version": "1.0.0", "timestamp": "1795953540"}
	d := map[string]any{
		"shop": goldenLogin, "opKey": "14D2B521-4EAB-492A-9D91-00D12FF24D57-1NvHENLwgp", "invId": "19",
		"paymentMethod": "BankCard", "incSum": "10.00", "state": "OK",
	}
	if mod != nil {
		mod(h, d)
	}
	b, err := json.Marshal(map[string]any{"header": h, "data": d})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const url2JOSE = `{"typ":"JWT","alg":"RS256"}`

// Every check of Robokassa's official WordPress module
// (github.com/robokassa/cms-wordpress, ResultUrl2Notification.php and
// tests/Unit/ResultUrl2NotificationTest.php) refuses a
// notification that fails it, with the kind VerifyResultURL2 documents.
func TestResultURL2Checks(t *testing.T) {
	t.Parallel()
	a, b := url2Keys(t)
	p := url2Provider(t, yearCert(t, a), url2Now)
	ts := func(d time.Duration) func(h, _ map[string]any) {
		return func(h, _ map[string]any) { h["timestamp"] = jsonUnix(url2Now.Add(d)) }
	}
	data := func(k string, v any) func(_, d map[string]any) {
		return func(_, d map[string]any) {
			if v == nil {
				delete(d, k)
			} else {
				d[k] = v
			}
		}
	}
	sigInvalid, reqInvalid := payments.ErrInvalidSignature, payments.ErrInvalidRequest
	tests := []struct {
		name   string
		header string
		mod    func(h, d map[string]any)
		key    *rsa.PrivateKey
		tamper func(string) string
		want   error // nil: verifies
	}{
		{name: "valid", want: nil},
		{name: "alg HS256", header: `{"typ":"JWT","alg":"HS256"}`, want: sigInvalid},
		{name: "alg none", header: `{"typ":"JWT","alg":"none"}`, want: sigInvalid},
		{name: "alg RS512", header: `{"typ":"JWT","alg":"RS512"}`, want: sigInvalid},
		{name: "alg lower case", header: `{"typ":"JWT","alg":"rs256"}`, want: sigInvalid},
		{name: "no alg", header: `{"typ":"JWT"}`, want: sigInvalid},
		{name: "no typ", header: `{"alg":"RS256"}`, want: sigInvalid},
		{name: "typ JOSE", header: `{"typ":"JOSE","alg":"RS256"}`, want: sigInvalid},
		{name: "crit", header: `{"typ":"JWT","alg":"RS256","crit":["exp"]}`, want: sigInvalid},
		{name: "header not JSON", header: `{"typ":`, want: reqInvalid},
		{name: "other key", key: b, want: sigInvalid},
		{name: "payload tampered", tamper: func(s string) string {
			parts := strings.Split(s, ".")
			other := strings.Split(signRaw(t, a, url2JOSE, url2Payload(t, data("incSum", "1.00"))), ".")
			return parts[0] + "." + other[1] + "." + parts[2]
		}, want: sigInvalid},
		{name: "signature truncated", tamper: func(s string) string { return s[:len(s)-4] }, want: sigInvalid},
		{name: "signature not base64url", tamper: func(s string) string { return s[:strings.LastIndex(s, ".")+1] + "A" }, want: sigInvalid},
		{name: "not a compact JWS", tamper: func(s string) string { return s[:len(s)-2] + "+/" }, want: reqInvalid},
		{name: "four parts", tamper: func(s string) string { return s + ".AAAA" }, want: reqInvalid},
		{name: "timestamp 7 days old", mod: ts(-ResultURL2MaxAge), want: nil},
		{name: "timestamp older than 7 days", mod: ts(-ResultURL2MaxAge - time.Second), want: sigInvalid},
		{name: "timestamp 5 minutes ahead", mod: ts(ResultURL2MaxSkew), want: nil},
		{name: "timestamp more than 5 minutes ahead", mod: ts(ResultURL2MaxSkew + time.Second), want: sigInvalid},
		{name: "timestamp not a number", mod: func(h, _ map[string]any) { h["timestamp"] = "yesterday" }, want: sigInvalid},
		{name: "timestamp missing", mod: func(h, _ map[string]any) { delete(h, "timestamp") }, want: sigInvalid},
		{name: "other shop", mod: data("shop", "other-shop"), want: sigInvalid},
		{name: "shop missing", mod: data("shop", nil), want: sigInvalid},
		{name: "header type other", mod: func(h, _ map[string]any) { h["type"] = "RefundStateNotification" }, want: reqInvalid},
		{name: "invId missing", mod: data("invId", nil), want: reqInvalid},
		{name: "invId not a number", mod: data("invId", "abc"), want: reqInvalid},
		{name: "opKey missing", mod: data("opKey", nil), want: reqInvalid},
		{name: "opKey empty", mod: data("opKey", ""), want: reqInvalid},
		{name: "state HOLD", mod: data("state", "HOLD"), want: nil},
		{name: "state unknown", mod: data("state", "CANCEL"), want: reqInvalid},
		{name: "state lower case", mod: data("state", "ok"), want: reqInvalid},
		{name: "state missing", mod: data("state", nil), want: reqInvalid},
		{name: "invId a number", mod: data("invId", 19), want: reqInvalid},
		{name: "incSum a number", mod: data("incSum", 10), want: reqInvalid},
		{name: "incSum three decimals", mod: data("incSum", "10.001"), want: reqInvalid},
		{name: "incSum negative", mod: data("incSum", "-10.00"), want: reqInvalid},
		{name: "incSum missing", mod: data("incSum", nil), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			header, key := tt.header, tt.key
			if header == "" {
				header = url2JOSE
			}
			if key == nil {
				key = a
			}
			tok := signRaw(t, key, header, url2Payload(t, tt.mod))
			if tt.tamper != nil {
				tok = tt.tamper(tok)
			}
			n, err := p.VerifyResultURL2([]byte(tok))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("VerifyResultURL2: %v", err)
				}
				if n.InvID != "19" {
					t.Errorf("InvID = %q", n.InvID)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("VerifyResultURL2: %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "1NvHENLwgp") {
				t.Errorf("error shows the OpKey: %v", err)
			}
		})
	}
}

func jsonUnix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// A certificate configuration that is not RSA certificates in PEM is
// refused by New, naming ResultURL2Certificates.
func TestResultURL2CertificatesConfig(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	good := yearCert(t, a)
	tests := []struct {
		name, certs string
		ok          bool
	}{
		{"one", good, true},
		{"two", good + good, true},
		{"surrounding space", "\n\n" + good + "\n", true},
		{"not PEM", "hello", false},
		{"trailing text", good + "garbage", false},
		{"private key block", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", false},
		{"broken certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", false},
		{"RSA-1024", certPEM(t, small, url2Now.AddDate(-1, 0, 0), url2Now.AddDate(1, 0, 0)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := goldenConfig()
			cfg.ResultURL2Certificates = tt.certs
			_, err := New(cfg)
			var ce *ConfigError
			if tt.ok != (err == nil) || (err != nil && (!errors.As(err, &ce) || ce.Field != "ResultURL2Certificates")) {
				t.Errorf("New: %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
