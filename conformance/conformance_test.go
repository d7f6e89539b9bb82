package conformance_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/paymentstest"
)

const (
	apiKey        = "fake-api-key-for-conformance"
	webhookSecret = "fake-webhook-secret-for-conformance"
)

func fakeHTTPProvider(t *testing.T, baseURL string, rt http.RoundTripper) payments.Provider {
	t.Helper()
	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL:       baseURL,
		APIKey:        apiKey,
		WebhookSecret: webhookSecret,
		HTTPClient:    &http.Client{Transport: rt},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// seedFake prepares a fresh fake for scenario s the way the fixtures in
// ../testdata/fake expect (used only with -record): the suite's fixed
// orders by scenario name, and the payments in s.Given.
func seedFake(t *testing.T, s conformance.Scenario) *paymentstest.Fake {
	t.Helper()
	fake := paymentstest.New(&paymentstest.Options{APIKey: apiKey, WebhookSecret: webhookSecret})
	ctx := context.Background()
	ten := payments.MustParseMoney("10.00", payments.RUB)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	pay := func(order string) {
		_, err := fake.InitPayment(ctx, &payments.InitRequest{OrderID: order, Amount: ten})
		must(err)
	}
	switch s.Name {
	case "status_pending":
		pay("1001")
	case "status_succeeded", "refund_full", "refund_partial", "refund_status", "refund_reference_twice", "refund_lookup_by_reference", "receipts_with_refund":
		pay("1002")
		must(fake.MarkPaid("1002"))
	case "status_failed":
		pay("1003")
		must(fake.MarkFailed("1003", "card_declined", "Card declined"))
	case "refund_insufficient_funds":
		pay("1004")
		must(fake.MarkPaid("1004"))
		fake.SetBalance(payments.MustParseMoney("0", payments.RUB))
	case "withdraw":
		fake.SetBalance(payments.MustParseMoney("100.00", payments.RUB))
	case "withdrawal_status":
		fake.SetBalance(payments.MustParseMoney("100.00", payments.RUB))
		_, err := fake.Withdraw(ctx, &payments.WithdrawalRequest{
			OrderID: "2001", Amount: payments.MustParseMoney("50.00", payments.RUB), Card: &payments.Card{Number: conformance.TestCard},
		})
		must(err)
	}
	for _, g := range s.Given {
		_, err := fake.InitPayment(ctx, g.Request(payments.RUB))
		must(err)
		switch g.Status {
		case payments.StatusAuthorized:
			must(fake.MarkAuthorized(g.OrderID))
		case payments.StatusSucceeded:
			must(fake.MarkPaid(g.OrderID))
		case payments.StatusFailed:
			must(fake.MarkFailed(g.OrderID, "card_declined", "Card declined"))
		}
	}
	return fake
}

// TestConformanceFake runs the whole suite against the fake's HTTP provider,
// replaying ../testdata/fake. With -record it re-records the fixtures from
// a live in-process fake server, proving the recorder and the replayer agree.
func TestConformanceFake(t *testing.T) {
	conformance.Run(t, fakeHarness(seedFake))
}

// fakeHarness is the fake's harness; seed prepares the live fake of a
// scenario in record mode.
func fakeHarness(seed func(*testing.T, conformance.Scenario) *paymentstest.Fake) conformance.Harness {
	var live *httptest.Server
	return conformance.Harness{
		Name:       "fake",
		FixtureDir: "../testdata/fake",
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return fakeHTTPProvider(t, "https://fake.invalid", rt)
		},
		WebhookSecret: webhookSecret,
		SignWebhook: func(t *testing.T, w conformance.Webhook, secret string) *http.Request {
			f := paymentstest.New(nil)
			return f.SignWebhookWith(paymentstest.WebhookData{
				EventID: w.EventID, Type: w.Type, OrderID: w.OrderID, Amount: w.Amount, Status: w.Status,
			}, secret)
		},
		EditWebhook: conformance.FormEditor("signature", "amount"),
		// The fake answers a handled delivery with 200 "ok" in text/plain
		// (paymentstest's package documentation).
		Ack: func(conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "ok"}
		},
		Secrets:     []string{apiKey, webhookSecret},
		ScrubParams: []string{"cvc"},
		Seed: func(t *testing.T, s conformance.Scenario) {
			live = httptest.NewServer(seed(t, s).Handler())
			t.Cleanup(live.Close)
		},
		Live: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return fakeHTTPProvider(t, live.URL, rt)
		},
	}
}
