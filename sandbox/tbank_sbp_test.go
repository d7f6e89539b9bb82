package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/tbank"
)

// getQr calls GetQr for id and returns the answer.
func (e *tbEnv) getQr(id, dataType string) map[string]any {
	e.t.Helper()
	f := map[string]any{"PaymentId": json.Number(id)}
	if dataType != "" {
		f["DataType"] = dataType
	}
	return e.call("GetQr", f)
}

// TestTBankSBPBankApp: GetQr (tag «СБП») answers a PAYLOAD link to the
// sandbox's bank app page and a numeric PaymentId, and moves the payment
// to FORM_SHOWED; the page offers Pay and Reject (no cards); Pay confirms
// (CONFIRMED, notified and signed like a card payment, Source qrsbp) and
// Reject rejects (REJECTED, notified with Success false), each sending
// the buyer to SuccessURL or FailURL.
func TestTBankSBPBankApp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, action, status, location string
		success                        bool
	}{
		{"pay", "pay", tbConfirmed, "https://shop.example/ok", true},
		{"reject", "reject", tbRejected, "https://shop.example/fail", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTBEnv(t, TBankTerminal{})
			id, _ := e.create(map[string]any{"Amount": 150000, "OrderId": "sbp-" + tt.name, "Description": "СБП",
				"SuccessURL": "https://shop.example/ok", "FailURL": "https://shop.example/fail"})
			qr := e.getQr(id, "")
			link, _ := qr["Data"].(string)
			if qr["Success"] != true || qr["PaymentId"] != float64(mustAtoi(t, id)) || !strings.HasPrefix(link, e.api.URL+tbSBPPath) {
				t.Fatalf("GetQr = %v", qr)
			}
			if got := e.status(id); got != tbFormShowed {
				t.Fatalf("after GetQr: %s, want FORM_SHOWED", got)
			}
			html, token := e.open(link)
			if token == "" || !strings.Contains(html, `id="pay"`) || !strings.Contains(html, `id="reject"`) || strings.Contains(html, `id="cards"`) {
				t.Fatalf("bank app page has no Pay/Reject form, or shows cards:\n%s", html)
			}
			resp := e.press(link, url.Values{"token": {token}, "action": {tt.action}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.location {
				t.Errorf("%s: %d to %q, want 303 to %q", tt.action, resp.StatusCode, resp.Header.Get("Location"), tt.location)
			}
			if got := e.status(id); got != tt.status {
				t.Fatalf("after %s: %s, want %s", tt.action, got, tt.status)
			}
			n := e.waitDeliveries(1)[0]
			if n["Status"] != tt.status || n["Success"] != tt.success || n["PaymentId"] != json.Number(id) {
				t.Errorf("notification = %v", n)
			}
			checkToken(t, e.shop.raw(0), TBankPassword)
			st := e.call("GetState", map[string]any{"PaymentId": id})
			if params, _ := json.Marshal(st["Params"]); !strings.Contains(string(params), `"Value":"qrsbp"`) {
				t.Errorf("GetState Params = %s, want Source qrsbp", params)
			}
			// Decided: the page shows the status, a second press changes nothing.
			e.press(link, url.Values{"token": {token}, "action": {"pay"}})
			if html, _ := e.open(link); !strings.Contains(html, `id="status">`+tt.status) {
				t.Errorf("decided page does not show %s:\n%s", tt.status, html)
			}
		})
	}
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	var n json.Number = json.Number(s)
	v, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTBankSbpPayTest: SbpPayTest plays the documented outcomes (tag
// «СБП»): no flag CONFIRMED, IsRejected REJECTED (both notified),
// IsDeadlineExpired DEADLINE_EXPIRED (not notified); both flags, a
// payment without a QR code and a decided payment are refused.
func TestTBankSbpPayTest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		flags    map[string]any
		status   string
		notified bool
	}{
		{"paid", map[string]any{}, tbConfirmed, true},
		{"rejected", map[string]any{"IsRejected": true, "IsDeadlineExpired": false}, tbRejected, true},
		{"expired", map[string]any{"IsDeadlineExpired": true}, tbDeadlineExpired, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTBEnv(t, TBankTerminal{})
			id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "spt-" + tt.name})
			if m := e.call("SbpPayTest", map[string]any{"PaymentId": id}); m["ErrorCode"] != "8" {
				t.Errorf("SbpPayTest before GetQr = %v, want ErrorCode 8", m)
			}
			e.getQr(id, "PAYLOAD")
			f := map[string]any{"PaymentId": id}
			for k, v := range tt.flags {
				f[k] = v
			}
			if m := e.call("SbpPayTest", f); m["Success"] != true {
				t.Fatalf("SbpPayTest = %v", m)
			}
			if got := e.status(id); got != tt.status {
				t.Errorf("status %s, want %s", got, tt.status)
			}
			if tt.notified {
				if n := e.waitDeliveries(1)[0]; n["Status"] != tt.status {
					t.Errorf("notification = %v", n)
				}
			} else if e.shop.count() != 0 {
				t.Errorf("%d notifications, want none", e.shop.count())
			}
			if m := e.call("SbpPayTest", map[string]any{"PaymentId": id}); m["ErrorCode"] != "8" {
				t.Errorf("SbpPayTest of a decided payment = %v, want ErrorCode 8", m)
			}
		})
	}
	e := newTBEnv(t, TBankTerminal{})
	id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "spt-both"})
	e.getQr(id, "")
	if m := e.call("SbpPayTest", map[string]any{"PaymentId": id, "IsRejected": true, "IsDeadlineExpired": true}); m["ErrorCode"] != "9" {
		t.Errorf("both flags = %v, want ErrorCode 9", m)
	}
}

// TestTBankGetQrRefused: GetQr refuses what SBP does not take (tag
// «СБП»: one-stage only, 10 RUB to 1 000 000 RUB) and payments that no
// longer wait; IMAGE answers an SVG.
func TestTBankGetQrRefused(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	tests := []struct {
		name     string
		init     map[string]any
		dataType string
		code     string
	}{
		{"two-stage", map[string]any{"Amount": 100000, "PayType": "T"}, "", "9"},
		{"9.99 RUB", map[string]any{"Amount": 999}, "", "251"},
		{"above 1 000 000 RUB", map[string]any{"Amount": 100000001}, "", "3016"},
		{"bad DataType", map[string]any{"Amount": 100000}, "PNG", "9"},
		{"10 RUB", map[string]any{"Amount": 1000}, "", "0"},
	}
	for i, tt := range tests {
		tt.init["OrderId"] = "qr-" + string(rune('a'+i))
		id, _ := e.create(tt.init)
		if m := e.getQr(id, tt.dataType); m["ErrorCode"] != tt.code {
			t.Errorf("%s: GetQr = %v, want ErrorCode %s", tt.name, m, tt.code)
		}
	}
	id, _ := e.create(map[string]any{"Amount": 100000, "OrderId": "qr-paid"})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	if m := e.getQr(id, ""); m["ErrorCode"] != "8" {
		t.Errorf("GetQr of a paid payment = %v, want ErrorCode 8", m)
	}
	if m := e.getQr("1", ""); m["ErrorCode"] != "255" {
		t.Errorf("GetQr of an unknown payment = %v, want ErrorCode 255", m)
	}
	id, _ = e.create(map[string]any{"Amount": 100000, "OrderId": "qr-image"})
	if m := e.getQr(id, "IMAGE"); !strings.HasPrefix(m["Data"].(string), "<svg") {
		t.Errorf("GetQr IMAGE = %v", m)
	}
}

// TestTBankSBPClient: end to end through payments.Client and the tbank
// provider: InitPayment with PaymentMethod sbp redirects to the bank app
// page, the buyer pays there, the notification verifies and says
// succeeded, and PaymentStatus agrees; a rejected one is failed, and an
// SbpPayTest expiry is expired.
func TestTBankSBPClient(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	cfg := e.sb.TBankConfig()
	p, err := tbank.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name  string
		act   func(pay *payments.Payment)
		want  payments.Status
		event bool
	}{
		{"paid in the bank app", func(pay *payments.Payment) {
			_, token := e.open(pay.NextStep.URL)
			e.press(pay.NextStep.URL, url.Values{"token": {token}, "action": {"pay"}})
		}, payments.StatusSucceeded, true},
		{"rejected in the bank app", func(pay *payments.Payment) {
			if err := e.sb.TBankSBPPay(ctx, pay.ID, false); err != nil {
				t.Fatal(err)
			}
		}, payments.StatusFailed, true},
		{"expired by SbpPayTest", func(pay *payments.Payment) {
			if err := p.SBPPayTest(ctx, pay.ID, tbank.SBPTestExpired); err != nil {
				t.Fatal(err)
			}
		}, payments.StatusExpired, false},
	}
	for i, tt := range tests {
		order := "sbp-client-" + string(rune('a'+i))
		before := e.shop.count()
		pay, err := c.InitPayment(ctx, &payments.InitRequest{OrderID: order, Amount: rubs("250.00"), Description: "СБП",
			PaymentMethod: payments.MethodSBP, NotificationURL: e.shop.srv.URL + "/tbank/notify"})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if pay.NextStep.Kind != payments.NextRedirect || !strings.HasPrefix(pay.NextStep.URL, e.api.URL+tbSBPPath) || pay.Raw[tbank.RawQRPayload] != pay.NextStep.URL {
			t.Fatalf("%s: payment = %+v", tt.name, pay)
		}
		tt.act(pay)
		if tt.event {
			e.waitDeliveries(before + 1)
			req, _ := http.NewRequest(http.MethodPost, "https://shop.example/tbank/notify", bytes.NewReader(e.shop.raw(before)))
			req.Header.Set("Content-Type", "application/json")
			ev, err := c.VerifyWebhook(ctx, req)
			if err != nil {
				t.Fatalf("%s: VerifyWebhook: %v", tt.name, err)
			}
			if diff := cmp.Diff([]string{order, string(tt.want)}, []string{ev.OrderID, string(ev.Status)}); diff != "" {
				t.Errorf("%s: event (-want +got):\n%s", tt.name, diff)
			}
		}
		got, err := c.PaymentStatus(ctx, order)
		if err != nil || got.Status != tt.want {
			t.Errorf("%s: PaymentStatus = %v, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	_, err = c.InitPayment(ctx, &payments.InitRequest{OrderID: "sbp-hold", Amount: rubs("250.00"), PaymentMethod: payments.MethodSBP, Hold: true})
	if !errors.Is(err, payments.ErrUnsupported) {
		t.Errorf("SBP hold: err = %v, want ErrUnsupported", err)
	}
}

// FuzzTBankSBPSigned feeds arbitrary JSON objects, signed with the
// sandbox terminal so that they pass the Token check, to GetQr and
// SbpPayTest, against a payment that has a QR code: nothing panics, and
// every answer is HTTP 200 JSON with Success.
func FuzzTBankSBPSigned(f *testing.F) {
	for _, seed := range []string{
		`{"PaymentId":7003551234}`, `{"PaymentId":"7003551234","DataType":"IMAGE"}`,
		`{"PaymentId":"7003551234","IsRejected":true,"IsDeadlineExpired":true}`,
		`{"PaymentId":"7003551234","IsRejected":"yes"}`, `{"PaymentId":1e400}`, `{"PaymentId":null,"DataType":[1]}`,
		`{"PaymentId":"0007003551234"}`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	sb, err := New(Options{Retries: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = sb.Close() })
	h := sb.Handler()
	api := sb.TBankAPI()
	sign := func(fields map[string]any) []byte {
		fields["TerminalKey"] = api.TerminalKey
		raw, _ := json.Marshal(fields)
		req, err := parseTBRequest(raw)
		if err != nil {
			return raw
		}
		fields["Token"] = tbToken(req.scalars, api.Password.Reveal())
		raw, _ = json.Marshal(fields)
		return raw
	}
	post := func(method string, body []byte) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, TBankAPIPath+"/"+method, bytes.NewReader(body)))
		return rec
	}
	post("Init", sign(map[string]any{"Amount": 100000, "OrderId": "fuzz"}))
	post("GetQr", sign(map[string]any{"PaymentId": "7003551234"}))
	var mu sync.Mutex
	f.Fuzz(func(t *testing.T, body []byte) {
		var fields map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&fields) != nil || fields == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range []string{"GetQr", "SbpPayTest"} {
			rec := post(m, sign(fields))
			var answer map[string]any
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &answer) != nil || answer["Success"] == nil {
				t.Fatalf("%s: HTTP %d %q", m, rec.Code, rec.Body.String())
			}
		}
	})
}
