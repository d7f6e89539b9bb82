package robokassa

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// A notification signed with a configured key verifies into the documented
// fields and a payment event: HOLD is authorized, OK succeeded
// (https://docs.robokassa.ru/pay-interface: HOLD reports a pre-authorisation, OK a payment;
// https://docs.robokassa.ru/holding/).
func TestResultURL2Verifies(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	p := url2Provider(t, yearCert(t, a), url2Now)
	for _, tt := range []struct {
		state  string
		status payments.Status
	}{{StateHold, payments.StatusAuthorized}, {StateOK, payments.StatusSucceeded}} {
		t.Run(tt.state, func(t *testing.T) {
			t.Parallel()
			want := url2Note(tt.state)
			want.Type, want.Version, want.Timestamp = resultURL2Type, "1.0.0", want.Timestamp.UTC()
			tok := signNote(t, a, url2Note(tt.state))
			got, err := p.VerifyResultURL2([]byte(tok))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("notification (-want +got):\n%s", diff)
			}
			r := httptest.NewRequest(http.MethodPost, "/result2", strings.NewReader(tok))
			ev, err := p.VerifyWebhook(t.Context(), r)
			if err != nil {
				t.Fatal(err)
			}
			wantEv := &payments.Event{
				ID: "result2:golden-shop:19:" + tt.state, Type: payments.EventPayment, OrderID: "19",
				Status: tt.status, Amount: payments.MustParseMoney("10.00", payments.RUB),
				Raw: map[string]string{
					"header.type": "PaymentStateNotification", "header.version": "1.0.0",
					"header.timestamp": "1795953540", "data.shop": "golden-shop", "data.invId": "19",
					"data.paymentMethod": "BankCard", "data.incSum": "10.00", "data.state": tt.state,
				},
				Ack: payments.Ack{StatusCode: 200, ContentType: "text/plain", Body: "OK19"},
			}
			if diff := cmp.Diff(wantEv, ev); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

// The body forms the notice may take (the docs say a JWS "encoded in
// base64", https://docs.robokassa.ru/pay-interface; the official modules read the raw compact
// token, github.com/robokassa/cms-wordpress): raw compact token,
// base64 of it in either alphabet, padded or not, with line breaks, a JSON
// string of either, all verify, whatever the Content-Type (the official
// modules accept application/json, application/jose or application/jwt).
func TestResultURL2BodyForms(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	p := url2Provider(t, yearCert(t, a), url2Now)
	tok := signNote(t, a, url2Note(StateOK))
	std := base64.StdEncoding.EncodeToString([]byte(tok))
	quoted, _ := json.Marshal(tok)
	quotedB64, _ := json.Marshal(std)
	forms := map[string]string{
		"raw":                 tok,
		"raw with newline":    "\n " + tok + "\r\n",
		"base64 std padded":   std,
		"base64 std unpadded": strings.TrimRight(std, "="),
		"base64 url":          base64.URLEncoding.EncodeToString([]byte(tok)),
		"base64 with breaks":  std[:60] + "\r\n" + std[60:],
		"JSON string":         string(quoted),
		"JSON string base64":  string(quotedB64),
		"base64 of JSON":      base64.StdEncoding.EncodeToString(quoted),
	}
	for name, body := range forms {
		for _, ct := range []string{"application/json", "application/jose", "application/jwt", "text/plain", ""} {
			t.Run(name+"/"+ct, func(t *testing.T) {
				t.Parallel()
				r := httptest.NewRequest(http.MethodPost, "/result2", strings.NewReader(body))
				if ct != "" {
					r.Header.Set("Content-Type", ct)
				}
				ev, err := p.VerifyWebhook(t.Context(), r)
				if err != nil || ev.ID != "result2:golden-shop:19:OK" {
					t.Errorf("VerifyWebhook = %v, %v", ev, err)
				}
			})
		}
	}
}

// The documentation's sample token
// (https://docs.robokassa.ru/pay-interface) parses to the payload shown and
// fails RS256 verification with the shipped certificate.
func TestResultURL2DocsSample(t *testing.T) {
	t.Parallel()
	tok, ok := ResultURL2Token([]byte(docsToken))
	if !ok || tok != docsToken {
		t.Fatalf("ResultURL2Token(docs sample) = %q, %v", tok, ok)
	}
	pl, err := decodeResultURL2Payload(strings.Split(docsToken, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var want resultURL2Payload
	want.Header.Type, want.Header.Version, want.Header.Timestamp = "PaymentStateNotification", "1.0.0", "1690454980"
	want.Data.Shop, want.Data.OpKey, want.Data.InvID = "robo-demo-test", "14D2B521-4EAB-492A-9D91-00D12FF24D57-1NvHENLwgp", "1234829"
	want.Data.PaymentMethod, want.Data.IncSum, want.Data.State = "BankCard", "10.00", "OK"
	if diff := cmp.Diff(&want, pl); diff != "" {
		t.Errorf("docs payload (-want +got):\n%s", diff)
	}
	// The shop and the clock of the sample: only the signature can fail.
	p := newProvider(t, nil, func(c *Config) {
		c.MerchantLogin = "robo-demo-test"
		c.Now = func() time.Time { return url2Now }
	})
	_, err = p.VerifyResultURL2([]byte(docsToken))
	if !errors.Is(err, payments.ErrInvalidSignature) || !strings.Contains(err.Error(), "does not verify") {
		t.Errorf("docs sample verified with the shipped certificate: %v", err)
	}
}

// The shipped certificate is Robokassa's current one (SHA-256 fingerprint
// D0:71:D4:…:D0:89, valid 2026-06-16 11:59:20Z to 2027-06-16 12:09:20Z),
// published at https://docs.robokassa.ru/media/files/jwtsign.cer and
// bundled in github.com/robokassa/cms-wordpress 1.8.9 as
// certificates/robokassa-result-url-2.cer.
func TestResultURL2DefaultCertificate(t *testing.T) {
	t.Parallel()
	certs, err := parseResultURL2Certs(DefaultResultURL2Certificates())
	if err != nil || len(certs) != 1 {
		t.Fatalf("default certificates: %d, %v", len(certs), err)
	}
	c := certs[0]
	sum := sha256.Sum256(c.Raw)
	got := []string{strings.ToUpper(hex.EncodeToString(sum[:])), c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), c.Subject.CommonName}
	want := []string{"D071D43890A5F2ED7BE150A9C26FC43B941314DFACE48F72FBD29A1857C1D089", "2026-06-16T11:59:20Z", "2027-06-16T12:09:20Z", "ROBOKASSA"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default certificate (-want +got):\n%s", diff)
	}
	// A Provider without ResultURL2Certificates verifies with it: a token
	// signed by another key fails on the signature, not on the setup.
	a, _ := url2Keys(t)
	p := newProvider(t, nil, func(c *Config) { c.Now = func() time.Time { return url2Now } })
	_, err = p.VerifyResultURL2([]byte(signNote(t, a, url2Note(StateOK))))
	if !errors.Is(err, payments.ErrInvalidSignature) || !strings.Contains(err.Error(), "does not verify") {
		t.Errorf("foreign key with the default certificate: %v", err)
	}
	// After 2027-06-16 the shipped certificate no longer verifies anything.
	p = newProvider(t, nil, func(c *Config) { c.Now = func() time.Time { return time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC) } })
	_, err = p.VerifyResultURL2([]byte(signNote(t, a, url2Note(StateOK))))
	if !errors.Is(err, payments.ErrInvalidSignature) || !strings.Contains(err.Error(), "no configured certificate is valid") {
		t.Errorf("expired default certificate: %v", err)
	}
}

// Rotation (the key changes about yearly: public clients carried an older
// one before June 2026, so several keys are allowed): with the old and the new
// certificate configured, tokens of either key verify; a key that is not
// configured does not; an expired certificate is skipped.
func TestResultURL2Rotation(t *testing.T) {
	t.Parallel()
	a, b := url2Keys(t)
	both := yearCert(t, a) + "\n" + yearCert(t, b)
	onlyA := yearCert(t, a)
	expiredA := certPEM(t, a, url2Now.AddDate(-1, 0, 0), url2Now.Add(-time.Second)) + yearCert(t, b)
	tests := []struct {
		name  string
		certs string
		key   *rsa.PrivateKey
		ok    bool
	}{
		{"old key, both certs", both, a, true},
		{"new key, both certs", both, b, true},
		{"new key, old cert only", onlyA, b, false},
		{"old key, its cert expired", expiredA, a, false},
		{"new key, old cert expired", expiredA, b, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := url2Provider(t, tt.certs, url2Now)
			_, err := p.VerifyResultURL2([]byte(signNote(t, tt.key, url2Note(StateOK))))
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, payments.ErrInvalidSignature)) {
				t.Errorf("VerifyResultURL2: %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
