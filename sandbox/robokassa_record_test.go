package sandbox

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/robokassa"
)

// TestRobokassaRecordReplay exercises the conformance kit's record mode
// against the sandbox's Robokassa side: a first conformance.Run records
// every scenario that makes requests against a freshly seeded sandbox
// (Harness.Record, as with -record), a second Run replays the fixtures
// strictly, and no fixture holds a password.
func TestRobokassaRecordReplay(t *testing.T) {
	dir := t.TempDir()
	sh := RobokassaShop{}.withDefaults()
	secrets := []string{sh.Password1, sh.Password2, sh.Password3, sh.TestPassword1, sh.TestPassword2}
	var live *httptest.Server
	h := conformance.Harness{
		Name:       robokassa.Name,
		FixtureDir: dir,
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return rkRecordProvider(t, "https://robokassa.invalid", rt)
		},
		WebhookSecret: sh.Password2,
		SignWebhook:   rkConformanceWebhook,
		EditWebhook:   conformance.FormEditor("SignatureValue", "OutSum"),
		// Robokassa's documented reply to a handled ResultURL
		// notification: "OK" and the InvId, as plain text
		// (https://docs.robokassa.ru/ru/notifications-and-redirects).
		Ack: func(w conformance.Webhook) payments.Ack {
			return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK" + w.OrderID}
		},
		Source:  "recorded against the in-process sandbox",
		Secrets: secrets,
		Seed:    func(t *testing.T, s conformance.Scenario) { live = rkSeed(t, s) },
		Live: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			return rkRecordProvider(t, live.URL, rt)
		},
	}
	record := h
	record.Record = true
	if !t.Run("record", func(t *testing.T) { conformance.Run(t, record) }) {
		t.Fatal("recording against the sandbox failed")
	}
	replay := h
	replay.Live, replay.Seed = nil, nil
	t.Run("replay", func(t *testing.T) { conformance.Run(t, replay) })

	for _, name := range []string{"status_pending", "status_succeeded", "status_failed", "status_not_found",
		"refund_full", "refund_partial", "refund_status", "refund_not_found", "refund_insufficient_funds",
		"refund_reference_twice", "hold_capture_full", "hold_capture_partial", "capture_above_hold", "capture_twice",
		"hold_cancel", "capture_after_cancel", "charge_success", "charge_declined", "charge_unknown_parent",
		"receipt_after_payment"} {
		data, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			t.Errorf("scenario %s was not recorded: %v", name, err)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s.json holds a password", name)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "init_redirect.json")); err == nil {
		t.Error("init_redirect recorded a request; a Robokassa link is computed locally")
	}
}

// rkRecordProvider is the robokassa provider of the record test for the
// sandbox's default shop, sending through rt.
func rkRecordProvider(t *testing.T, base string, rt http.RoundTripper) payments.Provider {
	t.Helper()
	sh := RobokassaShop{}.withDefaults()
	p, err := robokassa.New(robokassa.Config{
		MerchantLogin: sh.MerchantLogin, Password1: payments.Secret(sh.Password1), Password2: payments.Secret(sh.Password2), Password3: payments.Secret(sh.Password3),
		TestPassword1: payments.Secret(sh.TestPassword1), TestPassword2: payments.Secret(sh.TestPassword2), Algorithm: sh.Algorithm,
		AuthURL: base, ServicesURL: base, FiscalURL: base, HTTPClient: &http.Client{Transport: rt},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rkSeed starts a fresh sandbox with the invoices scenario s expects (the
// suite's fixed orders): 1001 waiting, 1002 paid 10.00, 1003 declined,
// 1004 paid 99.99 (the insufficient-funds trigger). The shop has no
// ResultURL, so nothing is delivered.
func rkSeed(t *testing.T, s conformance.Scenario) *httptest.Server {
	t.Helper()
	sb, err := New(Options{Now: func() time.Time { return conformance.Clock }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	sb.SetBaseURL(srv.URL)
	t.Cleanup(func() {
		_ = sb.Close()
		srv.Close()
	})
	p := rkRecordProvider(t, srv.URL, srv.Client().Transport).(*robokassa.Provider)
	show := func(inv int64, amount string) {
		t.Helper()
		u, err := p.PaymentURL(&robokassa.Link{Amount: payments.MustParseMoney(amount, payments.RUB), InvID: inv})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := srv.Client().Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if _, ok := sb.RobokassaState(inv); !ok {
			t.Fatalf("seeding %s: invoice %d not shown", s.Name, inv)
		}
	}
	must := func(_ string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding %s: %v", s.Name, err)
		}
	}
	show(1001, "10.00")
	show(1002, "10.00")
	must(sb.RobokassaPay(t.Context(), 1002))
	show(1003, "10.00")
	must(sb.RobokassaDecline(t.Context(), 1003))
	show(1004, TriggerInsufficientFunds)
	must(sb.RobokassaPay(t.Context(), 1004))
	rkSeedGiven(t, sb, srv, p, s)
	return srv
}

// rkSeedGiven creates the payments scenario s lists in Given: the link
// shown, then paid (a hold is held) or declined. Holds send their
// ResultUrl2 notifications to a local server that accepts them.
func rkSeedGiven(t *testing.T, sb *Server, srv *httptest.Server, p *robokassa.Provider, s conformance.Scenario) {
	t.Helper()
	if len(s.Given) == 0 {
		return
	}
	shop := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(shop.Close)
	for _, g := range s.Given {
		req := g.Request(payments.RUB)
		req.NotificationURL = shop.URL + "/webhook2"
		if err := sb.RobokassaSeed(t.Context(), p, srv.Client(), req, g.Status); err != nil {
			t.Fatalf("seeding %s: order %s: %v", s.Name, g.OrderID, err)
		}
	}
}

// rkConformanceWebhook signs a conformance delivery the way the sandbox
// signs its ResultURL notifications (the same code path), with secret.
func rkConformanceWebhook(t *testing.T, w conformance.Webhook, secret string) *http.Request {
	t.Helper()
	if w.Type != payments.EventPayment || w.Status != payments.StatusSucceeded {
		t.Fatalf("Robokassa's ResultURL only reports paid payments, not %s %s", w.Type, w.Status)
	}
	rk := &robokassaSide{shop: RobokassaShop{Password2: secret}.withDefaults()}
	st := rkSettled{invID: w.OrderID, outSum: w.Amount.Amount.StringFixed(6), email: "buyer@example.com", incCurr: "BankCardPSR"}
	r := httptest.NewRequest(http.MethodPost, "/robokassa/result", strings.NewReader(rkEncode(rk.resultFields(st))))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}
