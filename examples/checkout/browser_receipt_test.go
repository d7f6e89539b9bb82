package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTBankReceipt buys the notebook, sold with a 54-FZ receipt,
// on the T-Bank sandbox in headless Chromium: the checkout form's e-mail
// field is prefilled, the buyer types another address, T-Bank's Init
// carries the receipt with that e-mail (T-Bank requires the buyer's
// e-mail or phone on a receipt), the sandbox's page shows the receipt
// line, and Pay makes the order paid through the verified notification,
// the order page saying where the receipt went. It skips only when no
// Chromium is installed (CI fails a skip).
func TestBrowserTBankReceipt(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)
	in := startShop(t, "tbank")
	f := newFlow(t, browser, "tbank-receipt")
	const email = "gopher@example.org"
	f.do("open the shop", chromedp.Navigate(in.url+"/"), chromedp.WaitVisible(chromedp.CSS("#buy-notebook")))
	if got := f.attr("#email-notebook", "value"); got != sandboxBuyerEmail {
		f.fail("the e-mail field is prefilled with %q, want %q", got, sandboxBuyerEmail)
	}
	f.do("type an e-mail and buy the notebook",
		chromedp.SetValue(chromedp.CSS("#email-notebook"), email),
		chromedp.Click(chromedp.CSS("#buy-notebook")),
		chromedp.WaitVisible(chromedp.CSS("#pay")),
	)
	if loc := f.location(); !strings.HasPrefix(loc, in.sandbox.URL()+"/tbank/pay/") {
		f.fail("after Buy the browser is at %s, want the sandbox's T-Bank payment page", loc)
	}
	f.keep("sandbox")
	if line := f.text("#receipt .receipt-line"); !strings.Contains(line, "Gopher notebook") || !strings.Contains(line, "vat22") {
		f.fail("the sandbox's payment page shows the receipt line %q, want the notebook at vat22", line)
	}
	id := f.text("#payment-id")
	if p, ok := in.sandbox.TBankPayment(id); !ok || !strings.Contains(string(p.Receipt), `"Email":"`+email+`"`) {
		f.fail("T-Bank's Init got the receipt %s (known %v), want it sent to %s", p.Receipt, ok, email)
	}
	f.do("press Pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS("#status")))
	f.keep("order")
	if got, via := f.attr("#status", "data-status"), f.attr("#status", "data-via"); got != "paid" || via != viaWebhook {
		f.fail("order page status %q via %q, want paid via webhook", got, via)
	}
	if got := f.text("#receipt-email"); got != email {
		f.fail("the order page says the receipt went to %q, want %q", got, email)
	}
}

// TestBrowserTBankSBP pays the T-shirt with "Pay with SBP" on the T-Bank
// sandbox in headless Chromium: the shop's redirect goes to the QR code's
// link, which is the sandbox's page playing the buyer's bank app; Pay
// there sends the browser back to the order page, paid through the
// verified notification. It skips only when no Chromium is installed.
func TestBrowserTBankSBP(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)
	in := startShop(t, "tbank")
	f := newFlow(t, browser, "tbank-sbp")
	f.do("open the shop and pay the T-shirt with SBP",
		chromedp.Navigate(in.url+"/"),
		chromedp.Click(chromedp.CSS("#sbp-tshirt")),
		chromedp.WaitVisible(chromedp.CSS("#reject")),
	)
	if loc := f.location(); !strings.HasPrefix(loc, in.sandbox.URL()+"/tbank/sbp/") {
		f.fail("after Pay with SBP the browser is at %s, want the sandbox's bank app page", loc)
	}
	f.keep("bank-app")
	f.do("press Pay", chromedp.Click(chromedp.CSS("#pay")), chromedp.WaitVisible(chromedp.CSS("#status")))
	f.keep("order")
	if got, via := f.attr("#status", "data-status"), f.attr("#status", "data-via"); got != "paid" || via != viaWebhook {
		f.fail("order page status %q via %q, want paid via webhook", got, via)
	}
}
