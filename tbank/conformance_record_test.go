//go:build record

package tbank_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/sandbox"
)

// This file, built only with -tags record, re-records the conformance
// fixtures of ../testdata/tbank against the in-process sandbox's T-Bank
// side, so that the package's tests replay them without the sandbox:
//
//	go test -tags record -run TestConformance ./tbank/ -record
//
// Seed starts a fresh sandbox per scenario and creates the payments the
// scenario lists in Scenario.Given (and the suite's fixed orders, see the
// conformance package doc): each started with Init, then paid (a hold is
// held) or declined on the sandbox. SeedWebhooks hands the suite the
// notifications of recurring parents, which carry their RebillId.

func init() {
	recordHarness = func(h *conformance.Harness) {
		var sb *sandbox.Server
		var shop *notifications
		h.Source = "recorded with -tags record -record against the in-process sandbox's T-Bank side (package sandbox), terminal of tbank/conformance_test.go"
		h.Seed = func(t *testing.T, s conformance.Scenario) { sb, shop = seed(t, s) }
		// The RebillId of a recurring parent comes only in its
		// notification: hand the suite the parents' notifications.
		h.SeedWebhooks = func(t *testing.T, s conformance.Scenario) []*http.Request {
			var out []*http.Request
			for _, g := range s.Given {
				if g.Recurring {
					out = append(out, shop.of(t, g.OrderID)...)
				}
			}
			return out
		}
		h.Live = func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return newProvider(t, sb.TBankAPI().BaseURL, rt)
		}
	}
}

// notifications is the shop's notification endpoint: it answers OK and
// keeps every delivery.
type notifications struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (n *notifications) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	n.mu.Lock()
	n.bodies = append(n.bodies, b)
	n.mu.Unlock()
	_, _ = io.WriteString(w, "OK")
}

// of returns the notifications received about orderID, as requests.
func (n *notifications) of(t *testing.T, orderID string) []*http.Request {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []*http.Request
	for _, b := range n.bodies {
		var f struct{ OrderId string }
		if json.Unmarshal(b, &f) != nil || f.OrderId != orderID {
			continue
		}
		r := httptest.NewRequest(http.MethodPost, "/tbank/notify", bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatalf("no notification about order %s reached the shop", orderID)
	}
	return out
}

// seed starts a sandbox holding the suite's fixed orders and the
// scenario's Given payments, whose notifications go to the returned shop.
func seed(t *testing.T, s conformance.Scenario) (*sandbox.Server, *notifications) {
	t.Helper()
	notes := &notifications{}
	shop := httptest.NewServer(notes)
	t.Cleanup(shop.Close)
	sb, err := sandbox.New(sandbox.Options{
		TBank: sandbox.TBankTerminal{NotificationURL: shop.URL},
		Now:   func() time.Time { return conformance.Clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	live := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(live.URL)
	t.Cleanup(func() { _ = sb.Close(); live.Close() })
	p := newProvider(t, sb.TBankAPI().BaseURL, http.DefaultTransport)
	ctx := context.Background()
	given := s.Given
	switch s.Name {
	case "status_pending":
		given = append(given, conformance.Given{OrderID: "1001", Amount: "10.00", Status: payments.StatusPending})
	case "status_succeeded", "refund_full", "refund_partial", "refund_status", "refund_reference_twice", "refund_lookup_by_reference", "receipts_with_refund":
		given = append(given, conformance.Given{OrderID: "1002", Amount: "10.00", Status: payments.StatusSucceeded})
	case "status_failed":
		given = append(given, conformance.Given{OrderID: "1003", Amount: "10.00", Status: payments.StatusFailed})
	case "refund_insufficient_funds":
		// The sandbox refuses a refund of 99.99 with T-Bank's 3002 (the
		// merchant's balance too low for a refund).
		given = append(given, conformance.Given{OrderID: "1004", Amount: sandbox.TriggerInsufficientFunds, Status: payments.StatusSucceeded})
	}
	for _, g := range given {
		req := g.Request(payments.RUB)
		req.NotificationURL = shop.URL
		pay, err := p.InitPayment(ctx, req)
		if err != nil {
			t.Fatalf("seeding %s: %v", s.Name, err)
		}
		switch g.Status {
		case payments.StatusSucceeded, payments.StatusAuthorized:
			err = sb.TBankPay(ctx, pay.ID, "")
		case payments.StatusFailed:
			err = sb.TBankDecline(ctx, pay.ID)
		}
		if err != nil {
			t.Fatalf("seeding %s: order %s: %v", s.Name, g.OrderID, err)
		}
	}
	return sb, notes
}
