package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paykit/payments/robokassa"
)

// checkLayout fails unless page is in the shared layout: the inline
// stylesheet, the SANDBOX banner naming provider in Russian and English,
// a phone viewport, the main element, lang attributes, nothing loaded
// from elsewhere, and each of once exactly once.
func checkLayout(t *testing.T, name, provider, page string, once ...string) {
	t.Helper()
	for _, want := range []string{"<style>:root{", `<span class="sb-badge">SANDBOX</span>`, "Песочница " + provider, provider + " sandbox:",
		`<meta name="viewport" content="width=device-width, initial-scale=1">`, `<main class="sb-card" id="main">`, `<span lang="en">`} {
		if !strings.Contains(page, want) {
			t.Errorf("%s: no %q in\n%s", name, want, page)
		}
	}
	for _, bad := range []string{"<link", "<script", "<img", `src="`, "url(", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("%s: loads something (%q)", name, bad)
		}
	}
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"") {
		t.Errorf("%s: does not start with a doctype and <html lang>: %.60q", name, page)
	}
	for _, s := range once {
		if n := strings.Count(page, s); n != 1 {
			t.Errorf("%s: %q appears %d times, want once", name, s, n)
		}
	}
}

// TestRobokassaPagesLayout: the payment, error and message pages.
func TestRobokassaPagesLayout(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{noShop: true})
	link := e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 41, Description: "Заказ 41 / Order 41"})
	_, page, _ := e.get(link)
	checkLayout(t, "payment page", "Robokassa", page, `id="inv-id"`, `id="out-sum"`, "Заказ 41 / Order 41", `id="shop"`, `id="pay"`, `id="decline"`)
	_, page, _ = e.get(strings.Replace(link, "OutSum=10.00", "OutSum=11.00", 1))
	checkLayout(t, "error page", "Robokassa", page, `id="error-code"`, `id="signature-base"`)
	_, token := e.open(link)
	_, page, _ = e.press("decline", token)
	checkLayout(t, "message page", "Robokassa", page, `id="message"`, `id="pay-again"`)
}

// TestTBankPagesLayout: the payment page (test cards labelled), the
// result page and the not-found page.
func TestTBankPagesLayout(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	_, pageURL := e.create(map[string]any{"Amount": 49000, "OrderId": "L-1", "Description": "Заказ L-1"})
	page, token := e.open(pageURL)
	checkLayout(t, "payment page", "T-Bank", page, `id="order-id"`, `id="payment-id"`, `id="amount"`, "Заказ L-1", `id="pay"`)
	if n, labelled := strings.Count(page, `type="radio"`), strings.Count(page, `<label><input type="radio"`); n == 0 || n != labelled {
		t.Errorf("%d test cards, %d of them in a label", n, labelled)
	}
	resp := e.press(pageURL, map[string][]string{"token": {token}, "action": {"decline"}})
	resp.Body.Close()
	page, _ = e.open(pageURL)
	checkLayout(t, "result page", "T-Bank", page, `id="state"`, `id="status"`, "Результат оплаты")
	page, _ = e.open(e.api.URL + tbPagePath + "nope")
	checkLayout(t, "not found", "T-Bank", page, `id="state"`, "Платёж</span>")
}

// TestClientSDKPagesLayout: the payment page shows the order once, in
// both languages, and the result page says the outcome in both.
func TestClientSDKPagesLayout(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	p, err := e.client.InitPayment(e.ctx(), e.initReq("L-2", "10.00"))
	if err != nil {
		t.Fatal(err)
	}
	form, page := e.openPage(p.NextStep.URL)
	checkLayout(t, "payment page", "sbank/PayHub", page, `id="order"`, `id="amount"`, ">L-2<", "Order L-2", "Оплатить / Pay")
	if form == nil {
		t.Fatal("no Pay/Decline form")
	}
	resp := e.press(form, "pay")
	resp.Body.Close()
	_, page = e.openPage(p.NextStep.URL)
	checkLayout(t, "result page", "sbank/PayHub", page, `id="state"`, "Оплачено.", "Paid.")
	resp, err = e.browser.Get(e.api.URL + csPagePath + "nope")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown payment: HTTP %d", resp.StatusCode)
	}
	resp.Body.Close()
}
