package main

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// TestCheckoutFlow runs the whole purchase over HTTP, as a browser without
// JavaScript would, for every provider on the in-process sandbox: the
// product page, checkout, the provider's payment page, Pay or Decline, and
// the order page the provider sends the buyer back to.
func TestCheckoutFlow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		provider string
		button   string // on the sandbox's page
		product  string
		// wantStatus and wantVia are the order page's data-status and
		// data-via: a payment is recorded from the verified webhook; a
		// Robokassa decline sends no webhook, so the order page learns it by
		// a status lookup.
		wantStatus, wantVia string
		wantTotal           string
	}{
		{"robokassa/pay", "robokassa", "pay", "tshirt", "paid", "webhook", "1500.00 RUB"},
		{"robokassa/decline", "robokassa", "decline", "mug", "failed", "lookup", "490.00 RUB"},
		{"clientsdk/pay", "clientsdk", "pay", "mug", "paid", "webhook", "490.00 RUB"},
		{"clientsdk/decline", "clientsdk", "decline", "tshirt", "failed", "webhook", "1500.00 RUB"},
		{"tbank/pay", "tbank", "pay", "tshirt", "paid", "webhook", "1500.00 RUB"},
		{"tbank/decline", "tbank", "decline", "mug", "failed", "webhook", "490.00 RUB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, tt.provider)
			b := newBuyer(t)

			home := b.get(in.url + "/")
			if home.status != http.StatusOK || !strings.Contains(home.body, `id="buy-`+tt.product+`"`) {
				t.Fatalf("product page: %d\n%s", home.status, home.body)
			}
			payPage := b.click(home, "buy-"+tt.product)
			if payPage.status != http.StatusOK || !strings.HasPrefix(payPage.url.String(), in.sandbox.URL()) {
				t.Fatalf("checkout landed on %s (%d), want the sandbox's payment page at %s:\n%s", payPage.url, payPage.status, in.sandbox.URL(), payPage.body)
			}
			if !strings.Contains(payPage.body, `id="pay"`) || !strings.Contains(payPage.body, `id="decline"`) {
				t.Fatalf("the sandbox's page has no Pay and Decline buttons:\n%s", payPage.body)
			}

			back := b.click(payPage, tt.button)
			if back.status != http.StatusOK || !strings.HasPrefix(back.url.String(), in.url+"/orders/1") {
				t.Fatalf("after %s the buyer is at %s (%d), want the order page %s/orders/1:\n%s", tt.button, back.url, back.status, in.url, back.body)
			}
			status, via := orderStatus(back.body)
			if status != tt.wantStatus || via != tt.wantVia {
				t.Errorf("order page says %q via %q, want %q via %q:\n%s", status, via, tt.wantStatus, tt.wantVia, back.body)
			}
			if !strings.Contains(back.body, `<b id="total">`+tt.wantTotal+`</b>`) {
				t.Errorf("order page does not show the total %s:\n%s", tt.wantTotal, back.body)
			}

			// The shop's record and the provider's agree.
			o, _ := in.app.orders.get("1")
			if string(o.State) != tt.wantStatus || o.Via != tt.wantVia {
				t.Errorf("order 1 is %s via %q, want %s via %q", o.State, o.Via, tt.wantStatus, tt.wantVia)
			}
			if tt.wantVia == viaWebhook && o.Event == "" {
				t.Error("order settled by webhook records no event id")
			}
			switch tt.provider {
			case "robokassa":
				p, ok := in.sandbox.RobokassaPayment(1)
				want := map[string]int{"pay": robokassa.StatePaid, "decline": robokassa.StateCanceled}[tt.button]
				if !ok || p.State != want {
					t.Errorf("sandbox invoice 1: state %d (known %v), want %d", p.State, ok, want)
				}
				if wantDelivered := map[string]int{"pay": 1, "decline": 0}[tt.button]; p.Delivered != wantDelivered {
					t.Errorf("sandbox delivered %d ResultURL notifications, want %d", p.Delivered, wantDelivered)
				}
			case "clientsdk":
				got, _ := in.sandbox.ClientSDKPayment("1")
				if want := map[string]string{"pay": "complete", "decline": "failed"}[tt.button]; got != want {
					t.Errorf("sandbox payment 1 is %q, want %q", got, want)
				}
			case "tbank":
				p, ok := in.sandbox.TBankPayment(tbankPaymentID(t, payPage.body))
				if want := map[string]string{"pay": "CONFIRMED", "decline": "REJECTED"}[tt.button]; !ok || p.Status != want || p.OrderID != "1" {
					t.Errorf("sandbox payment: %+v (known %v), want order 1 %s", p, ok, want)
				}
			}

			// Coming back later changes nothing.
			again := b.get(in.url + "/orders/1")
			if s, v := orderStatus(again.body); s != status || v != via {
				t.Errorf("order page on reload says %q via %q, before %q via %q", s, v, status, via)
			}
		})
	}
}

// tbankPaymentID is the PaymentId the sandbox's T-Bank page shows.
func tbankPaymentID(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<b id="payment-id">`)
	id, _, ok2 := strings.Cut(rest, "</b>")
	if !ok || !ok2 || id == "" {
		t.Fatalf("the T-Bank page shows no payment id:\n%s", body)
	}
	return id
}

// TestOrderPageBeforePayment: an order the buyer has not paid yet is
// pending, and the lookup of an invoice the provider has not seen does not
// fail the page.
func TestOrderPageBeforePayment(t *testing.T) {
	t.Parallel()
	for _, provider := range []string{"robokassa", "clientsdk", "tbank"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, provider)
			b := newBuyer(t)
			// Do not follow the redirect to the payment page.
			b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			if p := b.post(in.url+"/checkout", url.Values{"product": {"mug"}}); p.status != http.StatusSeeOther {
				t.Fatalf("checkout answered %d, want 303:\n%s", p.status, p.body)
			}
			p := b.get(in.url + "/orders/1")
			if s, _ := orderStatus(p.body); p.status != http.StatusOK || s != "pending" {
				t.Errorf("order page: %d, status %q, want 200 pending:\n%s", p.status, s, p.body)
			}
		})
	}
}

// TestWebhookIsVerified delivers Robokassa ResultURL notifications to the
// shop's webhook directly: a forged signature is refused with 403, a signed
// notification for the wrong amount with 422, and neither marks the order
// paid; a correct one is acknowledged "OK{InvId}", and a repeated delivery
// is acknowledged again without handling it twice.
func TestWebhookIsVerified(t *testing.T) {
	t.Parallel()
	in := startShop(t, "robokassa")
	b := newBuyer(t)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	b.post(in.url+"/checkout", url.Values{"product": {"tshirt"}}) // order 1, 1500.00 RUB

	// signed is a ResultURL notification as Robokassa sends it
	// (https://docs.robokassa.ru/notifications-and-redirects): SignatureValue = H(OutSum:InvId:Password2).
	signed := func(outSum, invID, password string) url.Values {
		return url.Values{
			"OutSum": {outSum}, "InvId": {invID},
			"SignatureValue": {robokassa.SHA256.Sign(outSum + ":" + invID + ":" + password)},
		}
	}
	tests := []struct {
		name     string
		form     url.Values
		wantCode int
		wantBody string
		wantPaid bool
	}{
		{"wrong password", signed("1500.000000", "1", "not-password2"), http.StatusForbidden, "", false},
		{"no signature", url.Values{"OutSum": {"1500.000000"}, "InvId": {"1"}}, http.StatusForbidden, "", false},
		{"wrong amount", signed("15.000000", "1", sandbox.DefaultRobokassaPassword2), http.StatusUnprocessableEntity, "", false},
		{"valid", signed("1500.000000", "1", sandbox.DefaultRobokassaPassword2), http.StatusOK, "OK1", true},
		{"repeated", signed("1500.000000", "1", sandbox.DefaultRobokassaPassword2), http.StatusOK, "OK1", true},
	}
	for _, tt := range tests { // in order: each step builds on the last
		p := b.post(in.url+webhookPath, tt.form)
		if p.status != tt.wantCode || (tt.wantBody != "" && p.body != tt.wantBody) {
			t.Errorf("%s: webhook answered %d %q, want %d %q", tt.name, p.status, p.body, tt.wantCode, tt.wantBody)
		}
		o, _ := in.app.orders.get("1")
		if got := o.State == statePaid; got != tt.wantPaid {
			t.Errorf("%s: order paid = %v, want %v", tt.name, got, tt.wantPaid)
		}
	}
	o, _ := in.app.orders.get("1")
	if diff := cmp.Diff([]string{viaWebhook, "result:sandbox-shop:1"}, []string{o.Via, o.Event}); diff != "" {
		t.Errorf("order 1 settled by (-want +got):\n%s", diff)
	}
}

// TestBadRequests: an unknown product or order is an error page, not a
// crash.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	in := startShop(t, "robokassa")
	b := newBuyer(t)
	if p := b.post(in.url+"/checkout", url.Values{"product": {"piano"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, `id="error"`) {
		t.Errorf("unknown product: %d\n%s", p.status, p.body)
	}
	for _, id := range []string{"99", "abc"} {
		if p := b.get(in.url + "/orders/" + id); p.status != http.StatusNotFound {
			t.Errorf("order %s: %d, want 404", id, p.status)
		}
	}
}

// TestRealProviderByConfiguration runs the same shop against "real"
// providers configured only by the environment, as in production
// (-sandbox=false): here a sandbox the test starts plays Robokassa and
// sbank/PayHub at URLs given in ROBOKASSA_AUTH_URL and CLIENTSDK_BASE_URL.
func TestRealProviderByConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, provider string
		postForm       bool // ROBOKASSA_POST_FORM: a form to POST instead of a link
	}{
		{"robokassa", "robokassa", false},
		{"robokassa/post_form", "robokassa", true},
		{"clientsdk", "clientsdk", false},
	}
	for _, tt := range tests {
		provider := tt.provider
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ln := listen(t)
			shopURL := "http://" + ln.Addr().String()
			sb, err := sandbox.New(sandbox.Options{
				Robokassa: sandbox.RobokassaShop{
					MerchantLogin: "env-shop", Password1: "env-pass-1", Password2: "env-pass-2",
					Algorithm: robokassa.SHA512, ResultURL: shopURL + webhookPath,
				},
				ClientSDK:  sandbox.ClientSDKMerchant{MerchantID: "77", ProductID: "78", Secret: "env-secret"},
				HTTPClient: newHTTPClient(),
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := sb.Start("127.0.0.1:0"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { sb.Close() })
			env := map[string]string{
				"PAYMENTS_PROVIDER":          provider,
				"CHECKOUT_SANDBOX":           "false",
				"ROBOKASSA_MERCHANT_LOGIN":   "env-shop",
				"ROBOKASSA_PASSWORD1":        "env-pass-1",
				"ROBOKASSA_PASSWORD2":        "env-pass-2",
				"ROBOKASSA_ALGORITHM":        "sha512",
				"ROBOKASSA_AUTH_URL":         sb.URL(),
				"ROBOKASSA_SERVICES_URL":     sb.URL(),
				"CLIENTSDK_BASE_URL":         sb.URL(),
				"CLIENTSDK_MERCHANT_ID":      "77",
				"CLIENTSDK_PRODUCT_ID":       "78",
				"CLIENTSDK_SECRET":           "env-secret",
				"CLIENTSDK_NOTIFICATION_URL": shopURL + webhookPath,
				"ROBOKASSA_POST_FORM":        strconv.FormatBool(tt.postForm),
			}
			getenv := func(k string) string { return env[k] }
			s, err := parseArgs([]string{"-first-order", "500"}, getenv, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if s.sandbox || s.provider != provider {
				t.Fatalf("parseArgs: sandbox %v provider %q, want false %q", s.sandbox, s.provider, provider)
			}
			s.listener = ln
			in := startWith(t, s)
			if in.sandbox != nil {
				t.Fatal("the shop started its own sandbox with CHECKOUT_SANDBOX=false")
			}

			b := newBuyer(t)
			payPage := b.click(b.get(in.url+"/"), "buy-tshirt")
			if tt.postForm {
				// The shop's page posts the signed form to the provider (by
				// script; without it the buyer presses Continue).
				if !strings.HasPrefix(payPage.url.String(), in.url+"/checkout") || !strings.Contains(payPage.body, `action="`+sb.URL()+`/Merchant/Index.aspx"`) {
					t.Fatalf("checkout with ROBOKASSA_POST_FORM: %s\n%s", payPage.url, payPage.body)
				}
				payPage = b.click(payPage, "continue")
			}
			if !strings.HasPrefix(payPage.url.String(), sb.URL()) {
				t.Fatalf("checkout went to %s, want the configured provider at %s", payPage.url, sb.URL())
			}
			back := b.click(payPage, "pay")
			if s, via := orderStatus(back.body); s != "paid" || via != viaWebhook || !strings.HasSuffix(back.url.Path, "/orders/500") {
				t.Errorf("after Pay: %s says %q via %q, want /orders/500 paid via webhook:\n%s", back.url, s, via, back.body)
			}
		})
	}
}
