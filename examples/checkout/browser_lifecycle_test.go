package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/paykit/payments/robokassa"
)

// TestBrowserLifecycle drives the Robokassa side of the shop's payment
// lifecycle in headless Chromium, on the in-process sandbox:
//
//   - receipt: the product sold with a 54-FZ receipt goes to the payment
//     page through the shop's auto-submitting POST form, the sandbox
//     receives the receipt line, and Pay makes the order paid;
//   - ship: the bike is reserved (Pay holds it: authorized), Ship captures
//     it and the order page shows it captured;
//   - cancel: the same hold, Cancel releases it and the order page shows it
//     cancelled.
//
// It skips only when no Chromium is installed (CI fails a skip).
func TestBrowserLifecycle(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)

	t.Run("receipt", func(t *testing.T) {
		t.Parallel()
		in := startShop(t, "robokassa")
		f := newFlow(t, browser, "lifecycle-receipt")
		f.do("open the shop and buy the notebook",
			chromedp.Navigate(in.url+"/"),
			chromedp.Click(chromedp.CSS("#buy-notebook")),
			chromedp.WaitVisible(chromedp.CSS("#pay")), // after the shop's form posted itself
		)
		if loc := f.location(); loc != in.sandbox.URL()+"/Merchant/Index.aspx" {
			f.fail("after Buy the browser is at %s, want the sandbox's payment page reached by POST", loc)
		}
		f.keep("sandbox")
		if line := f.text("#receipt .receipt-line"); !strings.Contains(line, "Gopher notebook") || !strings.Contains(line, "vat22") {
			f.fail("the sandbox's payment page shows the receipt line %q, want the notebook at vat22", line)
		}
		f.do("press Pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS("#status")))
		f.keep("order")
		if got := f.attr("#status", "data-status"); got != "paid" {
			f.fail("order page status %q, want paid", got)
		}
		if line := f.text("#receipt .receipt-line"); !strings.Contains(line, "Gopher notebook") || !strings.Contains(line, "vat22") {
			f.fail("the order page's receipt line is %q", line)
		}
		if p, _ := in.sandbox.RobokassaPayment(1); len(p.Receipts) != 1 || !strings.Contains(p.Receipts[0].JSON, `"tax":"vat22"`) {
			f.fail("the sandbox got the receipts %+v, want one with vat22", p.Receipts)
		}
	})

	for _, tt := range []struct {
		button, wantStatus, wantText string
		wantState                    int
	}{
		{"ship", "captured", "Shipped and charged.", robokassa.StatePaid},
		{"cancel", "cancelled", "Cancelled.", robokassa.StateCanceled},
	} {
		t.Run(tt.button, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, "robokassa")
			f := newFlow(t, browser, "lifecycle-"+tt.button)
			holdInBrowser(f, in, tt.button, tt.wantStatus, tt.wantText)
			if p, _ := in.sandbox.RobokassaPayment(1); p.State != tt.wantState {
				f.fail("sandbox invoice 1 is in state %d, want %d", p.State, tt.wantState)
			}
		})
	}
}

// TestBrowserTBankHold reserves the bike on the T-Bank sandbox in headless
// Chromium (a two-stage payment: Pay holds it, authorized), then Ship
// confirms it (CONFIRMED) or Cancel releases it (REVERSED), and the order
// page shows it captured or cancelled. The notebook's receipt on tbank
// is TestBrowserTBankReceipt. It skips only when no Chromium is installed
// (CI fails a skip).
func TestBrowserTBankHold(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)
	for _, tt := range []struct {
		button, wantStatus, wantText, wantState string
	}{
		{"ship", "captured", "Shipped and charged.", "CONFIRMED"},
		{"cancel", "cancelled", "Cancelled.", "REVERSED"},
	} {
		t.Run(tt.button, func(t *testing.T) {
			t.Parallel()
			in := startShop(t, "tbank")
			f := newFlow(t, browser, "tbank-"+tt.button)
			id := holdInBrowser(f, in, tt.button, tt.wantStatus, tt.wantText)
			if p, ok := in.sandbox.TBankPayment(id); !ok || p.Status != tt.wantState || p.OrderID != "1" {
				f.fail("sandbox payment %q: %+v (known %v), want order 1 %s", id, p, ok, tt.wantState)
			}
		})
	}
}

// holdInBrowser reserves the bike of shop in (the sandbox's page of a
// two-stage payment, then Pay: the order page says authorized), presses
// button (ship or cancel) on the order page, which reloads itself until
// the provider confirms, and checks the page and the shop's record of
// order 1 against wantStatus and wantText. It returns the provider's
// payment id as the sandbox page showed it ("" where the page shows
// none).
func holdInBrowser(f *flow, in *instance, button, wantStatus, wantText string) string {
	f.do("open the shop and reserve the bike",
		chromedp.Navigate(in.url+"/"),
		chromedp.Click(chromedp.CSS("#buy-bike")),
		chromedp.WaitVisible(chromedp.CSS("#hold")), // the sandbox's page of a two-stage payment
	)
	f.keep("sandbox")
	var id string
	if in.provider == "tbank" {
		id = f.text("#payment-id")
	}
	f.do("press Pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS("#status")))
	f.keep("reserved")
	if got := f.attr("#status", "data-status"); got != "authorized" {
		f.fail("after Pay the order page status is %q, want authorized", got)
	}
	f.do("press "+button,
		chromedp.Click(chromedp.CSS("#"+button)),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-status="`+wantStatus+`"]`)),
	)
	f.keep(wantStatus)
	if text := f.text("#status"); !strings.HasPrefix(text, wantText) {
		f.fail("order page says %q, want %q...", text, wantText)
	}
	if o, _ := in.app.orders.get("1"); string(o.State) != wantStatus {
		f.fail("the shop recorded order 1 as %s, want %s", o.State, wantStatus)
	}
	return id
}
