package tbank

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
)

// signedBody returns the JSON object body with a Token over its root
// scalars and password (section «Токен» of https://www.tbank.ru/kassa/dev/payments/index.html),
// or with token when it is not empty.
func signedBody(t *testing.T, body, password, token string) string {
	t.Helper()
	fields, err := parseObject([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if token == "" {
		if token, err = Token(fields, password); err != nil {
			t.Fatal(err)
		}
	}
	fields["Token"], _ = json.Marshal(token)
	b, _ := json.Marshal(fields)
	return string(b)
}

// noticeReceipt is a RECEIPT notification signed with testPassword; its
// Token was computed by the rule of section «Токен» outside this package
// (not a published vector; base string
// "0346RECEIPTorder-42Golden_tbank_pw17003551234RECEIPTtrue1700000000000DEMOIncome",
// the Receipt object left out).
const noticeReceipt = `{"TerminalKey":"1700000000000DEMO","NotificationType":"RECEIPT","OrderId":"order-42","PaymentId":7003551234,"Status":"RECEIPT","Success":true,"ErrorCode":"0","FiscalDocumentNumber":346,"Type":"Income","Receipt":{"Items":[]},"Token":"bb28728002a64ff6ec89643464b0083c084e566c9b323c023f29667ca0743c7d"}`

// Notifications that change no payment, in the shapes of «Уведомления об
// операциях» (https://www.tbank.ru/kassa/dev/payments/): the fiscal
// receipt NotificationFiscalization (Status RECEIPT, a Receipt object),
// the SBP account binding NotificationQr (NotificationType LINKACCOUNT)
// and the card binding NotificationAddCard (RequestKey, no OrderId).
var noticeBodies = []struct{ name, body, kind string }{
	{"fiscal receipt", `{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":true,"Status":"RECEIPT","PaymentId":7003551234,"ErrorCode":"0","Amount":100000,` +
		`"FiscalNumber":1,"ShiftNumber":12,"ReceiptDatetime":"2026-01-15T15:00:00+03:00","FnNumber":"9999078900001234","EcrRegNumber":"0000000001012345",` +
		`"FiscalDocumentNumber":345,"FiscalDocumentAttribute":1234567890,"Type":"Income","Receipt":{"Items":[{"Name":"Товар","Price":100000,"Quantity":1,"Amount":100000,"Tax":"none"}]}}`, "RECEIPT"},
	{"receipt with NotificationType", `{"TerminalKey":"1700000000000DEMO","NotificationType":"RECEIPT","OrderId":"order-42","PaymentId":7003551234,"Status":"RECEIPT","FiscalDocumentNumber":346,"Type":"IncomeReturn"}`, "RECEIPT"},
	{"SBP account binding", `{"TerminalKey":"1700000000000DEMO","NotificationType":"LINKACCOUNT","Success":true,"ErrorCode":"0","RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37390","AccountToken":"a3ed4f14bcd1","BankMemberId":"100000000004","Status":"ACTIVE"}`, "LINKACCOUNT"},
	{"card binding", `{"TerminalKey":"1700000000000DEMO","CustomerKey":"buyer-7","RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37391","Success":true,"Status":"COMPLETED","PaymentId":7003551299,"ErrorCode":"0","RebillId":"1741204285536","CardId":"412345678","Pan":"220138******0013","ExpDate":"1230"}`, "LINKCARD"},
}

// TestNotificationNotices: a verified notification that changes no
// payment is an EventNotice acknowledged with exactly OK; forged, it is
// refused like any other notification.
func TestNotificationNotices(t *testing.T) {
	t.Parallel()
	for _, tt := range noticeBodies {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newScripted(t)
			ev, err := notify(t, p, signedBody(t, tt.body, testPassword, ""))
			if err != nil {
				t.Fatal(err)
			}
			if ev.Type != payments.EventNotice || ev.Status != "" || ev.Ack != Ack || !strings.HasPrefix(ev.ID, testTerminal+"/notice/"+tt.kind+"/") {
				t.Errorf("event = %+v, want a %s notice acknowledged with OK", ev, tt.kind)
			}
			for _, forged := range []string{signedBody(t, tt.body, "not-the-password", ""), signedBody(t, tt.body, "", "0000")} {
				if _, err := notify(t, p, forged); !errors.Is(err, payments.ErrInvalidSignature) {
					t.Errorf("a forged %s: %v, want ErrInvalidSignature", tt.name, err)
				}
			}
		})
	}
}

// TestNotificationNoticeGolden: the hand-signed RECEIPT notification
// verifies as a notice of its order and payment.
func TestNotificationNoticeGolden(t *testing.T) {
	t.Parallel()
	p, _ := newScripted(t)
	ev, err := notify(t, p, noticeReceipt)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != payments.EventNotice || ev.OrderID != "order-42" || ev.PaymentID != "7003551234" ||
		ev.ID != "1700000000000DEMO/notice/RECEIPT/7003551234//346/Income/RECEIPT" || ev.Raw["FiscalDocumentNumber"] != "346" {
		t.Errorf("event = %+v", ev)
	}
}

// TestNotificationNoticeHandler: through payments.Client.WebhookHandler a
// RECEIPT notification is answered 200 OK without calling the app, a
// forged one 403, and a payment notification still reaches the app.
func TestNotificationNoticeHandler(t *testing.T) {
	t.Parallel()
	p, _ := newScripted(t)
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	h := c.WebhookHandler(func(context.Context, *payments.Event) error { calls.Add(1); return nil }, nil)
	post := func(body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/tbank/notify", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(w, r)
		return w
	}
	receipt := noticeBodies[0].body
	if w := post(signedBody(t, receipt, testPassword, "")); w.Code != http.StatusOK || w.Body.String() != "OK" || calls.Load() != 0 {
		t.Errorf("RECEIPT answered %d %q and called the app %d times, want 200 OK and 0", w.Code, w.Body, calls.Load())
	}
	if w := post(signedBody(t, receipt, "not-the-password", "")); w.Code != http.StatusForbidden || calls.Load() != 0 {
		t.Errorf("a forged RECEIPT answered %d %q, want 403", w.Code, w.Body)
	}
	if w := post(fixtureConfirmed); w.Code != http.StatusOK || w.Body.String() != "OK" || calls.Load() != 1 {
		t.Errorf("CONFIRMED answered %d %q and called the app %d times, want 200 OK and once", w.Code, w.Body, calls.Load())
	}
}
