//go:build record

package robokassa_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// This file, built only with -tags record, records the conformance
// fixtures of ../testdata/robokassa against the in-process sandbox serving
// the golden shop in live mode (Robokassa refuses holds and recurring
// charges in test mode), so that the package's tests do not depend on the
// sandbox:
//
//	go test -tags record ./robokassa/ -run 'TestConformance/(hold_|capture_|charge_|receipt_after)' -record
//
// Seed starts a fresh sandbox per scenario and creates the payments the
// scenario lists in Scenario.Given: the payment link shown to the buyer,
// then paid (a hold is held) or declined.

func init() {
	recordHarness = func(h *conformance.Harness) {
		var live *httptest.Server
		h.Source = "recorded with -tags record -record against the in-process sandbox (package sandbox) serving the golden shop of robokassa/conformance_test.go in live mode"
		h.Seed = func(t *testing.T, s conformance.Scenario) { live = seedSandbox(t, s) }
		h.Live = func(t *testing.T, rt http.RoundTripper) payments.Provider {
			p, err := robokassa.New(goldenConfig(live.URL, rt))
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
}

// seedSandbox starts a sandbox for the golden shop holding s.Given.
func seedSandbox(t *testing.T, s conformance.Scenario) *httptest.Server {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{
		Robokassa: sandbox.RobokassaShop{
			MerchantLogin: login, Password1: pass1, Password2: pass2, Password3: pass3,
			TestPassword1: test1, TestPassword2: test2, Algorithm: robokassa.MD5,
		},
		Now: func() time.Time { return conformance.Clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	// The shop's ResultUrl2, which a hold needs: it accepts every
	// notification.
	shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(func() {
		_ = sb.Close()
		srv.Close()
		shop.Close()
	})
	p, err := robokassa.New(goldenConfig(srv.URL, srv.Client().Transport))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range s.Given {
		req := g.Request(payments.RUB)
		req.NotificationURL = shop.URL + "/webhook2"
		if err := sb.RobokassaSeed(t.Context(), p, srv.Client(), req, g.Status); err != nil {
			t.Fatalf("seeding %s: order %s: %v", s.Name, g.OrderID, err)
		}
		inv, _ := strconv.ParseInt(g.OrderID, 10, 64)
		if st, ok := sb.RobokassaPayment(inv); !ok {
			t.Fatalf("seeding %s: order %s not shown", s.Name, g.OrderID)
		} else {
			t.Logf("seeded order %s: state %d, held %s", g.OrderID, st.State, st.Held)
		}
	}
	return srv
}
