package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/tbank"
)

// TestTBankTestCards: each of T-Bank's documented test cards does on the
// sandbox's page what the docs say (tag «Тестирование и тестовые карты»):
// paid, AUTH_FAIL for failed 3-D Secure, REJECTED for insufficient funds
// (some only at the documented amounts) or a refused debit; the amount
// trigger 13.13 declines any card; Decline is REJECTED.
func TestTBankTestCards(t *testing.T) {
	t.Parallel()
	tests := []struct {
		card       string
		amount     int64
		decline    bool
		wantStatus string
		wantCode   string
	}{
		{"2201382000000013", 10000, false, tbConfirmed, "0"},
		{"2201382000000047", 10000, false, tbConfirmed, "0"},
		{"2201382000000039", 10000, false, tbConfirmed, "0"},
		{"2201382000000005", 10000, false, tbAuthFail, "101"},
		{"2201382000000021", 10000, false, tbAuthFail, "101"},
		{"2201382000000831", 2233, false, tbRejected, "1051"},
		{"2201382000000831", 2234, false, tbConfirmed, "0"},
		{"2200770239097761", 10000, false, tbConfirmed, "0"},
		{"5586200071492158", 10000, false, tbConfirmed, "0"},
		{"5586200071499591", 100000, false, tbConfirmed, "0"},
		{"5586200071499591", 100001, false, tbRejected, "1051"},
		{"4249170392197566", 10000, false, tbRejected, "1051"},
		{"5586200071492075", 10000, false, tbRejected, "1005"},
		{"2201382000000013", 1313, false, tbRejected, "1051"},
		{"2201382000000013", 10000, true, tbRejected, "1005"},
	}
	e := newTBEnv(t, TBankTerminal{})
	for i, tt := range tests {
		name := fmt.Sprintf("%s/%d/decline=%v", tt.card, tt.amount, tt.decline)
		id, page := e.create(map[string]any{"Amount": tt.amount, "OrderId": fmt.Sprint("card-", i), "FailURL": "https://shop.example/fail"})
		html, token := e.open(page)
		if !strings.Contains(html, `id="card-`+tt.card+`"`) {
			t.Errorf("%s: the page does not offer the card", name)
		}
		action := "pay"
		if tt.decline {
			action = "decline"
		}
		resp := e.press(page, url.Values{"token": {token}, "action": {action}, "card": {tt.card}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d, want 303", name, resp.StatusCode)
		}
		st, _ := e.sb.TBankPayment(id)
		if st.Status != tt.wantStatus || st.ErrorCode != tt.wantCode {
			t.Errorf("%s: %s %s, want %s %s", name, st.Status, st.ErrorCode, tt.wantStatus, tt.wantCode)
		}
		if ok := tt.wantStatus == tbConfirmed; !ok && resp.Header.Get("Location") != "https://shop.example/fail" {
			t.Errorf("%s: sent to %q, want FailURL", name, resp.Header.Get("Location"))
		}
	}
	if err := e.sb.TBankPay(context.Background(), "7003551234", "4111111111111111"); err == nil {
		t.Error("TBankPay with a card that is no T-Bank test card did not fail")
	}
}

// TestTBankAmountTriggers: 42.42 answers 503 before acting (nothing
// created), 66.66 acts and answers 500, 77.77 notifies twice, and a
// refund of 99.99 is refused for lack of the merchant's funds (3002).
func TestTBankAmountTriggers(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	sign := func(f map[string]any) string {
		f["TerminalKey"] = TBankTerminalKey
		raw, _ := json.Marshal(f)
		req, _ := parseTBRequest(raw)
		f["Token"] = tbToken(req.scalars, TBankPassword)
		raw, _ = json.Marshal(f)
		return string(raw)
	}
	if status, _ := e.post("Init", sign(map[string]any{"Amount": 4242, "OrderId": "t-4242"})); status != http.StatusServiceUnavailable {
		t.Errorf("42.42: HTTP %d, want 503", status)
	}
	if m := e.call("CheckOrder", map[string]any{"OrderId": "t-4242"}); m["ErrorCode"] != "335" {
		t.Errorf("42.42 created a payment: %v", m)
	}
	if status, _ := e.post("Init", sign(map[string]any{"Amount": 6666, "OrderId": "t-6666"})); status != http.StatusInternalServerError {
		t.Errorf("66.66: HTTP %d, want 500", status)
	}
	m := e.call("CheckOrder", map[string]any{"OrderId": "t-6666"})
	if ps, _ := m["Payments"].([]any); len(ps) != 1 {
		t.Errorf("66.66: CheckOrder %v, want the one payment created before the 500", m)
	}
	id, _ := e.create(map[string]any{"Amount": 7777, "OrderId": "t-7777"})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	got := e.waitDeliveries(2)
	if string(e.shop.raw(0)) != string(e.shop.raw(1)) || got[0]["Status"] != tbConfirmed {
		t.Errorf("77.77: deliveries %v, want the same CONFIRMED notification twice", got)
	}
	id, _ = e.create(map[string]any{"Amount": 20000, "OrderId": "t-9999"})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	if m := e.call("Cancel", map[string]any{"PaymentId": id, "Amount": 9999}); m["ErrorCode"] != "3002" {
		t.Errorf("refund of 99.99: %v, want 3002", m)
	}
	if st, _ := e.sb.TBankPayment(id); st.Refunded != 0 {
		t.Errorf("refused refund moved %d", st.Refunded)
	}
}

// TestTBankRedacted: the terminal's password never prints, whatever the
// verb, nor in JSON.
func TestTBankRedacted(t *testing.T) {
	t.Parallel()
	term := TBankTerminal{TerminalKey: "K", Password: "very-secret-pw"}
	sb, err := New(Options{TBank: term})
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(term)
	for _, s := range []string{fmt.Sprint(term), fmt.Sprintf("%#v", term), fmt.Sprintf("%+v", term), string(j),
		fmt.Sprint(sb.TBankAPI()), fmt.Sprintf("%#v", sb.TBankAPI()), fmt.Sprint(sb), fmt.Sprintf("%#v", sb)} {
		if strings.Contains(s, "very-secret-pw") {
			t.Errorf("password printed: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(sb), "TBank:") {
		t.Errorf("Server.String does not describe the terminal: %s", sb)
	}
}

// TestTBankConfig: the tbank provider built from TBankConfig reaches the
// sandbox and is accepted (its Token passes).
func TestTBankConfig(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	cfg := e.sb.TBankConfig()
	cfg.Taxation = "usn_income"
	p, err := tbank.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "cfg-1", Amount: rubs("150.00"), Description: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := e.sb.TBankPayment(pay.ID); !ok || st.Amount != 15000 {
		t.Errorf("sandbox recorded %+v, %v; want the 150.00 payment", st, ok)
	}
}
