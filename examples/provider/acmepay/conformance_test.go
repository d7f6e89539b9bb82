package acmepay_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/examples/provider/acmepay"
	"github.com/paykit/payments/examples/provider/acmepay/acmetest"
)

const (
	testAPIKey        = "acme-test-api-key-0001"
	testWebhookSecret = "acme-test-webhook-secret-0001"
)

// newProvider returns the provider under test on baseURL, sending through rt.
func newProvider(t *testing.T, baseURL string, rt http.RoundTripper) payments.Provider {
	t.Helper()
	p, err := acmepay.New(acmepay.Config{
		APIKey: testAPIKey, WebhookSecret: testWebhookSecret,
		BaseURL: baseURL, HTTPClient: &http.Client{Transport: rt},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConformance runs the whole suite against Acme Pay, replaying
// testdata/acmepay. Re-record the fixtures against the in-memory Acme
// server with: go test -run TestConformance -record
func TestConformance(t *testing.T) {
	conformance.Run(t, harness("testdata/acmepay"))
}

// harness is Acme Pay's conformance harness, with fixtures in dir.
func harness(dir string) conformance.Harness {
	var live *httptest.Server
	return conformance.Harness{
		Name:       acmepay.Name,
		FixtureDir: dir,
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return newProvider(t, acmepay.DefaultBaseURL, rt)
		},
		WebhookSecret: testWebhookSecret,
		SignWebhook:   signWebhook,
		// The signature travels in a header; the amount is a JSON string.
		EditWebhook: conformance.HeaderSignature(acmepay.SignatureHeader, conformance.JSONEditor("", "amount")),
		Ack: func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "application/json", Body: `{"received":true}`}
		},
		Secrets: []string{testAPIKey, testWebhookSecret},
		Source:  "recorded against acmetest, the in-memory Acme Pay server",
		Seed: func(t *testing.T, s conformance.Scenario) {
			live = httptest.NewServer(seed(t, s))
			t.Cleanup(live.Close)
		},
		Live: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return newProvider(t, live.URL, rt)
		},
	}
}

// seed returns an Acme account in the state scenario s expects (the
// suite's fixed orders, see the conformance package doc).
func seed(t *testing.T, s conformance.Scenario) *acmetest.Server {
	t.Helper()
	srv := acmetest.New(testAPIKey)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding %s: %v", s.Name, err)
		}
	}
	paid := func(order string) {
		must(srv.Create(order, "10.00", payments.RUB))
		must(srv.Pay(order))
	}
	switch s.Name {
	case "status_pending":
		must(srv.Create("1001", "10.00", payments.RUB))
	case "status_succeeded", "refund_full", "refund_partial", "refund_status", "refund_reference_twice", "refund_lookup_by_reference":
		paid("1002")
	case "status_failed":
		must(srv.Create("1003", "10.00", payments.RUB))
		must(srv.Decline("1003"))
	case "refund_insufficient_funds":
		paid("1004")
		srv.SetBalance("0")
	}
	return srv
}

// signWebhook builds Acme's delivery of w, signed with secret.
func signWebhook(t *testing.T, w conformance.Webhook, secret string) *http.Request {
	t.Helper()
	body, err := json.Marshal(map[string]string{
		"id": "evt_" + w.EventID, "account": "acct_demo", "type": string(w.Type),
		"order_id": w.OrderID, "payment_id": "pay_2", "status": string(w.Status),
		"amount": w.Amount.Format(), "currency": string(w.Amount.Currency),
	})
	if err != nil {
		t.Fatal(err)
	}
	return acmetest.SignedWebhook(body, secret)
}

// TestFixturesMatchServer records the suite against acmetest into a
// temporary directory and compares every fixture with testdata/acmepay,
// so that the checked-in fixtures never drift from what the server and the
// provider do now.
func TestFixturesMatchServer(t *testing.T) {
	dir := t.TempDir()
	h := harness(dir)
	h.Record = true
	if !t.Run("record", func(t *testing.T) { conformance.Run(t, h) }) {
		t.Fatal("recording against acmetest failed")
	}
	recorded, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(recorded) == 0 {
		t.Fatalf("nothing recorded: %v", err)
	}
	checkedIn, err := filepath.Glob("testdata/acmepay/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(checkedIn) != len(recorded) {
		t.Errorf("recorded %d fixtures, testdata/acmepay holds %d", len(recorded), len(checkedIn))
	}
	for _, path := range recorded {
		want, err := os.ReadFile(filepath.Join("testdata/acmepay", filepath.Base(path)))
		if err != nil {
			t.Errorf("%v (re-record with go test -run TestConformance -record)", err)
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs from a fresh recording (-checked-in +recorded):\n%s", filepath.Base(path), diff)
		}
	}
}
