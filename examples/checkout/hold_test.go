package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// fakeShop is the shop over the paymentstest fake, served by httptest,
// for the Ship and Cancel handlers' failure paths.
type fakeShop struct {
	t    *testing.T
	fake *paymentstest.Fake
	app  *App
	url  string
	b    *buyer
}

func newFakeShop(t *testing.T) *fakeShop {
	t.Helper()
	fake := paymentstest.New(nil)
	client, err := payments.New(fake, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeShop{t: t, fake: fake, b: newBuyer(t)}
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	s.app = NewApp(client, AppOptions{BaseURL: srv.URL, Banner: "fake", Logger: newTestLogger(t)})
	srv.Config.Handler = s.app.Handler()
	// Stay on the shop: the fake's payment page is not served.
	s.b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return s
}

// held buys the bike and lets the fake hold it; it returns the order
// page, which shows the order authorized.
func (s *fakeShop) held() page {
	s.t.Helper()
	if p := s.b.post(s.url+"/checkout", url.Values{"product": {"bike"}}); p.status != http.StatusSeeOther {
		s.t.Fatalf("checkout: %d\n%s", p.status, p.body)
	}
	if err := s.fake.MarkAuthorized("1"); err != nil {
		s.t.Fatal(err)
	}
	p := s.b.get(s.url + "/orders/1")
	if st, via := orderStatus(p.body); st != "authorized" || via != viaLookup {
		s.t.Fatalf("order page after the hold says %q via %q, want authorized via lookup:\n%s", st, via, p.body)
	}
	return p
}

var tokenRE = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

func token(t *testing.T, p page) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no token on the order page:\n%s", p.body)
	}
	return m[1]
}

// TestHoldActions: Ship and Cancel over the fake. Done, they show the
// order captured or cancelled; refused by the provider, the buttons come
// back with the reason; with an unknown outcome the request is never sent
// again (a second click is refused before the provider) and the page shows
// the provider's advice.
func TestHoldActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		action     string
		op         payments.Operation
		fail       error // FailNext for op, nil for none
		wantStatus string
		wantText   string // on the order page afterwards
		wantButton bool   // the Ship and Cancel buttons are back
		wantCalls  int    // of op, after a second click
	}{
		{"ship", actionShip, payments.OpCapture, nil, "captured", "Shipped and charged.", false, 1},
		{"cancel", actionCancel, payments.OpCancel, nil, "cancelled", "The reserved amount was released.", false, 1},
		{"ship refused", actionShip, payments.OpCapture, payments.NewError(payments.ErrInvalidState, "", "not held"), "authorized", "The provider refused to ship the order: not held", true, 2},
		{"ship outcome unknown", actionShip, payments.OpCapture, payments.NewError(payments.ErrOutcomeUnknown, "", "timeout"), "authorized", "is not sent again", false, 1},
		{"cancel outcome unknown", actionCancel, payments.OpCancel, payments.NewError(payments.ErrOutcomeUnknown, "", "timeout"), "authorized", "is not sent again", false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newFakeShop(t)
			tok := token(t, s.held())
			if tt.fail != nil {
				s.fake.FailNext(tt.op, tt.fail)
			}
			p := s.b.post(s.url+"/orders/1/"+tt.action, url.Values{"token": {tok}})
			if p.status != http.StatusSeeOther {
				t.Fatalf("%s: %d, want 303:\n%s", tt.action, p.status, p.body)
			}
			p = s.b.get(s.url + "/orders/1")
			if st, _ := orderStatus(p.body); st != tt.wantStatus || !strings.Contains(p.body, tt.wantText) {
				t.Errorf("order page says %q, want %q with %q:\n%s", st, tt.wantStatus, tt.wantText, p.body)
			}
			if got := strings.Contains(p.body, `id="ship"`) && strings.Contains(p.body, `id="cancel"`); got != tt.wantButton {
				t.Errorf("buttons shown = %v, want %v:\n%s", got, tt.wantButton, p.body)
			}
			if tt.fail != nil && errors.Is(tt.fail, payments.ErrOutcomeUnknown) && !strings.Contains(p.body, `id="advice"`) {
				t.Errorf("no advice after an unknown outcome:\n%s", p.body)
			}
			// A second click: sent again only after a refusal.
			s.b.post(s.url+"/orders/1/"+tt.action, url.Values{"token": {tok}})
			if got := s.fake.Calls(tt.op); got != tt.wantCalls {
				t.Errorf("%s reached the provider %d times, want %d", tt.op, got, tt.wantCalls)
			}
		})
	}
}

func newTestLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, nil))
}

// TestHoldActionRefused: Ship without the order's token, from another
// site, of an order that is not held, or of no order is refused before
// the provider is asked.
func TestHoldActionRefused(t *testing.T) {
	t.Parallel()
	s := newFakeShop(t)
	tok := token(t, s.held())
	post := func(path, tok string, header http.Header) page {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.url+path, strings.NewReader(url.Values{"token": {tok}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = header
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return s.b.do(req)
	}
	tests := []struct {
		name     string
		path     string
		token    string
		header   http.Header
		wantCode int
	}{
		{"no token", "/orders/1/ship", "", http.Header{}, http.StatusForbidden},
		{"wrong token", "/orders/1/ship", strings.Repeat("0", 32), http.Header{}, http.StatusForbidden},
		{"no such order", "/orders/2/ship", tok, http.Header{}, http.StatusNotFound},
		{"cross-site", "/orders/1/ship", tok, http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"other origin", "/orders/1/cancel", tok, http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"GET", "", "", nil, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		var p page
		if tt.header == nil {
			p = s.b.get(s.url + "/orders/1/ship")
		} else {
			p = post(tt.path, tt.token, tt.header)
		}
		if p.status != tt.wantCode {
			t.Errorf("%s: %d, want %d:\n%s", tt.name, p.status, tt.wantCode, p.body)
		}
	}
	if n := s.fake.Calls(payments.OpCapture) + s.fake.Calls(payments.OpCancel); n != 0 {
		t.Errorf("the provider was asked %d times", n)
	}
	// Shipped once, the order is no longer held: a stale form is refused.
	s.b.post(s.url+"/orders/1/ship", url.Values{"token": {tok}})
	if p := post("/orders/1/cancel", tok, http.Header{}); p.status != http.StatusConflict {
		t.Errorf("cancel after ship: %d, want 409:\n%s", p.status, p.body)
	}
	if n := s.fake.Calls(payments.OpCancel); n != 0 {
		t.Errorf("cancel after ship reached the provider %d times", n)
	}
}

// TestHoldByWebhook: the shop's one WebhookHandler, on the ResultUrl2 path,
// records a hold, its capture and, for another order, the end of a hold
// (the provider's cancel after the hold period), without any page view.
func TestHoldByWebhook(t *testing.T) {
	t.Parallel()
	s := newFakeShop(t)
	deliver := func(order string) {
		t.Helper()
		req, err := s.fake.PaymentWebhook(order)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		req.URL.Path = webhook2Path
		s.app.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("webhook of order %s: %d %s", order, rec.Code, rec.Body)
		}
	}
	for _, p := range []string{"bike", "bike"} {
		s.b.post(s.url+"/checkout", url.Values{"product": {p}}) // orders 1 and 2
	}
	tests := []struct {
		name      string
		order     string
		change    func(string) error
		wantState orderState
	}{
		{"hold", "1", s.fake.MarkAuthorized, stateAuthorized},
		{"capture", "1", func(id string) error {
			_, err := s.fake.Capture(t.Context(), &payments.CaptureRequest{OrderID: id})
			return err
		}, stateCaptured},
		{"second hold", "2", s.fake.MarkAuthorized, stateAuthorized},
		{"hold expired", "2", s.fake.ExpireHold, stateCancelled},
	}
	for _, tt := range tests { // in order: each step builds on the last
		if err := tt.change(tt.order); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		deliver(tt.order)
		if o, _ := s.app.orders.get(tt.order); o.State != tt.wantState || o.Via != viaWebhook {
			t.Errorf("%s: order %s is %s via %q, want %s via webhook", tt.name, tt.order, o.State, o.Via, tt.wantState)
		}
	}
}
