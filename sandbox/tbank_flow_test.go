package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTBankPageOneStage: the buyer opens the payment page (NEW ->
// FORM_SHOWED; the receipt lines shown), pays with the preselected test
// card, lands on SuccessURL, and the shop gets one CONFIRMED notification
// signed with Token (OAS «Статусная модель платежа», «Уведомления»).
func TestTBankPageOneStage(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	id, page := e.create(map[string]any{
		"Amount": 150000, "OrderId": "o-1", "Description": "Два товара",
		"SuccessURL": "https://shop.example/ok?order=${OrderId}&ok=${Success}", "FailURL": "https://shop.example/fail",
		"Receipt": map[string]any{"Email": "b@example.com", "Taxation": "osn", "Items": []any{
			map[string]any{"Name": "Чайник", "Price": 100000, "Quantity": 1, "Amount": 100000, "Tax": "vat22"},
			map[string]any{"Name": "Кружка", "Price": 25000, "Quantity": 2, "Amount": 50000, "Tax": "vat22"},
		}},
	})
	if got := e.status(id); got != tbNew {
		t.Fatalf("after Init: %s, want NEW", got)
	}
	html, token := e.open(page)
	if token == "" || !strings.Contains(html, `id="card-2201382000000013" value="2201382000000013" checked`) {
		t.Fatalf("page has no form with the preselected card:\n%s", html)
	}
	if n := strings.Count(html, `class="receipt-line"`); n != 2 || !strings.Contains(html, "Кружка") || !strings.Contains(html, "250.00") {
		t.Errorf("page shows %d receipt lines, want Чайник and Кружка (250.00 each):\n%s", n, html)
	}
	if got := e.status(id); got != tbFormShowed {
		t.Fatalf("after the page: %s, want FORM_SHOWED", got)
	}
	resp := e.press(page, url.Values{"token": {token}, "action": {"pay"}, "card": {TBankCardSuccess}})
	if want := "https://shop.example/ok?order=o-1&ok=true"; resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Errorf("Pay: %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if got := e.status(id); got != tbConfirmed {
		t.Fatalf("after Pay: %s, want CONFIRMED", got)
	}
	got := e.waitDeliveries(1)[0]
	delete(got, "Token")
	want := map[string]any{"TerminalKey": TBankTerminalKey, "OrderId": "o-1", "Success": true, "Status": "CONFIRMED",
		"PaymentId": json.Number(id), "ErrorCode": "0", "Amount": json.Number("150000"),
		"CardId": json.Number("412345678"), "Pan": "220138******0013", "ExpDate": "1230"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notification (-want +got):\n%s", diff)
	}
	checkToken(t, e.shop.raw(0), TBankPassword)
	// The page is decided: a second Pay shows the state, nothing changes.
	e.press(page, url.Values{"token": {token}, "action": {"pay"}})
	if html, _ := e.open(page); !strings.Contains(html, `id="status">CONFIRMED`) {
		t.Errorf("decided page does not show CONFIRMED:\n%s", html)
	}
	st, _ := e.sb.TBankPayment(id)
	if st.Receipt == nil || st.Paid != 150000 {
		t.Errorf("recorded %+v, want the receipt and 150000 paid", st)
	}
}

// TestTBankNotificationRetriedUntilOK: anything but the body OK (a
// lower-case ok, HTML) is a failed delivery; the sandbox retries the same
// signed body until the shop answers exactly OK.
func TestTBankNotificationRetriedUntilOK(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	e.shop.replies = []string{"ok", "<html>OK</html>"}
	id, _ := e.create(map[string]any{"Amount": 50000, "OrderId": "o-retry"})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	e.waitDeliveries(3)
	for i := 1; i < 3; i++ {
		if string(e.shop.raw(i)) != string(e.shop.raw(0)) {
			t.Errorf("retry %d sent %s, want the first body %s", i, e.shop.raw(i), e.shop.raw(0))
		}
	}
	if err := e.sb.Close(); err != nil {
		t.Fatal(err)
	}
	if n := e.shop.count(); n != 3 {
		t.Errorf("%d deliveries, want 3 (two refused, then OK)", n)
	}
}

// TestTBankTwoStage: PayType T holds on Pay (AUTHORIZED, notified), a
// partial Confirm captures part of the hold (CONFIRMED, notified with the
// captured amount), and a second Confirm is refused (8).
func TestTBankTwoStage(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	id, page := e.create(map[string]any{"Amount": 100000, "OrderId": "o-hold", "PayType": "T"})
	html, _ := e.open(page)
	if !strings.Contains(html, `id="hold"`) {
		t.Errorf("two-stage page has no hold note:\n%s", html)
	}
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	if got := e.status(id); got != tbAuthorized {
		t.Fatalf("after Pay: %s, want AUTHORIZED", got)
	}
	if m := e.call("Confirm", map[string]any{"PaymentId": id, "Amount": 120000}); m["ErrorCode"] != "100" {
		t.Errorf("Confirm above the hold: %v, want ErrorCode 100", m)
	}
	m := e.call("Confirm", map[string]any{"PaymentId": id, "Amount": 90000})
	if m["Success"] != true || m["Status"] != tbConfirmed {
		t.Fatalf("Confirm: %v", m)
	}
	if m := e.call("Confirm", map[string]any{"PaymentId": id}); m["ErrorCode"] != "8" {
		t.Errorf("second Confirm: %v, want ErrorCode 8", m)
	}
	got := e.waitDeliveries(2)
	if got[0]["Status"] != tbAuthorized || got[1]["Status"] != tbConfirmed || got[1]["Amount"] != json.Number("90000") {
		t.Errorf("notifications %v, want AUTHORIZED then CONFIRMED 90000", got)
	}
	if st, _ := e.sb.TBankPayment(id); st.Paid != 90000 || st.Held != 0 {
		t.Errorf("after Confirm: %+v, want 90000 paid, nothing held", st)
	}
}

// TestTBankCheckOrderAttempts: one OrderId may hold several sessions until
// one is paid; CheckOrder lists them all, oldest first; then a new Init
// with that OrderId is refused (623); an unknown order is 335.
func TestTBankCheckOrderAttempts(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	first, _ := e.create(map[string]any{"Amount": 10000, "OrderId": "o-many"})
	if err := e.sb.TBankPay(context.Background(), first, "4249170392197566"); err != nil {
		t.Fatal(err)
	}
	second, _ := e.create(map[string]any{"Amount": 10000, "OrderId": "o-many"})
	if err := e.sb.TBankPay(context.Background(), second, ""); err != nil {
		t.Fatal(err)
	}
	m := e.call("CheckOrder", map[string]any{"OrderId": "o-many"})
	want := []any{
		map[string]any{"PaymentId": first, "Amount": float64(10000), "Status": "REJECTED", "Success": false, "ErrorCode": float64(1051), "Message": tbNoFunds},
		map[string]any{"PaymentId": second, "Amount": float64(10000), "Status": "CONFIRMED", "Success": true, "ErrorCode": float64(0)},
	}
	if diff := cmp.Diff(want, m["Payments"]); m["Success"] != true || diff != "" {
		t.Errorf("CheckOrder Payments (-want +got):\n%s", diff)
	}
	if m := e.call("Init", map[string]any{"Amount": 10000, "OrderId": "o-many"}); m["ErrorCode"] != "623" {
		t.Errorf("Init of a paid OrderId: %v, want ErrorCode 623", m)
	}
	if m := e.call("CheckOrder", map[string]any{"OrderId": "nope"}); m["ErrorCode"] != "335" {
		t.Errorf("CheckOrder of an unknown order: %v, want 335", m)
	}
	if m := e.call("GetState", map[string]any{"PaymentId": "1"}); m["ErrorCode"] != "255" {
		t.Errorf("GetState of an unknown payment: %v, want 255", m)
	}
}

// TestTBankInitRefused: bad Init fields are refused with Success false
// and nothing is created.
func TestTBankInitRefused(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	tests := []struct {
		name   string
		fields map[string]any
		code   string
	}{
		{"no amount", map[string]any{"OrderId": "x"}, "9"},
		{"fractional amount", map[string]any{"Amount": 100.5, "OrderId": "x"}, "9"},
		{"no order", map[string]any{"Amount": 100}, "9"},
		{"recurrent without CustomerKey", map[string]any{"Amount": 100, "OrderId": "x", "Recurrent": "Y"}, "9"},
		{"bad PayType", map[string]any{"Amount": 100, "OrderId": "x", "PayType": "X"}, "9"},
		{"receipt sum differs", map[string]any{"Amount": 100, "OrderId": "x", "Receipt": map[string]any{"Items": []any{map[string]any{"Name": "a", "Amount": 99}}}}, "308"},
		{"relative NotificationURL", map[string]any{"Amount": 100, "OrderId": "x", "NotificationURL": "/n"}, "9"},
	}
	for _, tt := range tests {
		if m := e.call("Init", tt.fields); m["Success"] != false || m["ErrorCode"] != tt.code {
			t.Errorf("%s: %v, want ErrorCode %s", tt.name, m, tt.code)
		}
	}
	if _, ok := e.sb.TBankPayment("7003551234"); ok {
		t.Error("a refused Init created a payment")
	}
}
