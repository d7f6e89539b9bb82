package paymentstest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/shopspring/decimal"
)

// TestNoticeWebhookGolden: a notice is the documented form, signed over
// its canonical string (computed here independently): type notice, the
// notice field, the payment's ids and amount, no status.
func TestNoticeWebhookGolden(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	mustInit(t, f, initReq("1002", "10.00"))
	r, err := f.NoticeWebhook("1002", paymentstest.NoticeReceipt)
	if err != nil {
		t.Fatal(err)
	}
	got := readForm(t, r)
	want := map[string]string{
		"event_id": "evt_1", "type": "notice", "notice": "receipt", "order_id": "1002",
		"payment_id": "pay_1", "amount": "10.00", "currency": "RUB",
	}
	// amount=10.00&currency=RUB&event_id=evt_1&notice=receipt&order_id=1002&payment_id=pay_1&type=notice
	wantForm := url.Values{"signature": {signForm(paymentstest.DefaultWebhookSecret, want)}}
	for k, v := range want {
		wantForm.Set(k, v)
	}
	if diff := cmp.Diff(wantForm, got); diff != "" {
		t.Errorf("notice form (-want +got):\n%s", diff)
	}
}

// TestNoticeWebhookThroughClientHandler: through payments.Client's
// WebhookHandler, over the Fake and over an HTTPProvider, the fake's
// receipt notice after a paid payment is acknowledged (200 ok) without
// calling the app, while the payment's webhook is handled once; with
// HandlerOptions.Notices the app gets the notice, without a status; a
// notice signed with another secret is refused (403).
func TestNoticeWebhookThroughClientHandler(t *testing.T) {
	t.Parallel()
	for _, over := range []string{"fake", "http"} {
		for _, notices := range []bool{false, true} {
			t.Run(over+"/Notices="+map[bool]string{false: "false", true: "true"}[notices], func(t *testing.T) {
				t.Parallel()
				f := newFake(t)
				var p payments.Provider = f
				if over == "http" {
					srv := httptest.NewServer(f.Handler())
					t.Cleanup(srv.Close)
					p = newHTTPProvider(t, srv.URL+"/", srv.Client())
				}
				c, err := payments.New(p, nil)
				if err != nil {
					t.Fatal(err)
				}
				req := initReq("1002", "10.00")
				req.Receipt = &payments.Receipt{Email: "b@example.com", Items: []payments.ReceiptItem{
					{Name: "Notebook", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none"},
				}}
				if _, err := c.InitPayment(t.Context(), req); err != nil {
					t.Fatal(err)
				}
				if err := f.MarkPaid("1002"); err != nil {
					t.Fatal(err)
				}
				var got []*payments.Event
				h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
					got = append(got, ev)
					return nil
				}, &payments.HandlerOptions{Notices: notices})
				post := func(r *http.Request) *httptest.ResponseRecorder {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, r)
					return rec
				}
				paid, err := f.PaymentWebhook("1002")
				if err != nil {
					t.Fatal(err)
				}
				notice, err := f.NoticeWebhook("1002", paymentstest.NoticeReceipt)
				if err != nil {
					t.Fatal(err)
				}
				noticeBody, _ := io.ReadAll(notice.Body)
				for i, r := range []*http.Request{paid, formRequest(string(noticeBody)), formRequest(string(noticeBody))} {
					if rec := post(r); rec.Code != http.StatusOK || rec.Body.String() != "ok" {
						t.Errorf("delivery %d answered %d %q, want 200 ok", i, rec.Code, rec.Body)
					}
				}
				forged := paymentstest.WebhookData{EventID: "evt_9", Type: payments.EventNotice, Notice: paymentstest.NoticeReceipt, OrderID: "1002"}
				if rec := post(f.SignWebhookWith(forged, "wrong")); rec.Code != http.StatusForbidden {
					t.Errorf("a notice signed with another secret answered %d, want 403", rec.Code)
				}
				want := []string{"payment succeeded 1002"}
				if notices { // the retry of the same notice is not handled again
					want = append(want, "notice  1002")
				}
				var kinds []string
				for _, ev := range got {
					kinds = append(kinds, string(ev.Type)+" "+string(ev.Status)+" "+ev.OrderID)
				}
				if diff := cmp.Diff(want, kinds); diff != "" {
					t.Fatalf("events the app got (-want +got):\n%s", diff)
				}
				if !notices {
					return
				}
				ev := got[1]
				if ev.ID != paymentstest.EventID(paymentstest.DefaultMerchantID, "evt_2") || ev.PaymentID != "pay_1" ||
					!ev.Amount.Equal(rub("10.00")) || ev.Raw["notice"] != paymentstest.NoticeReceipt {
					t.Errorf("notice = %+v", ev)
				}
			})
		}
	}
}

// TestNoticeWebhookRejects: a notice must name what it is about and its
// order, has no status and no fee, and gives amount and currency
// together; a payment webhook has no notice field. NoticeWebhook refuses
// an unknown order and an empty notice.
func TestNoticeWebhookRejects(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	signed := func(fields map[string]string) *http.Request {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		v.Set("signature", signForm(paymentstest.DefaultWebhookSecret, fields))
		return formRequest(v.Encode())
	}
	notice := func(set ...string) map[string]string {
		m := map[string]string{"event_id": "evt_1", "type": "notice", "notice": "receipt", "order_id": "1002"}
		for i := 0; i+1 < len(set); i += 2 {
			if set[i+1] == "" {
				delete(m, set[i])
			} else {
				m[set[i]] = set[i+1]
			}
		}
		return m
	}
	if ev, err := f.VerifyWebhook(t.Context(), signed(notice())); err != nil || ev.Type != payments.EventNotice || ev.Status != "" || !ev.Amount.IsZero() {
		t.Fatalf("a minimal notice: %+v, %v", ev, err)
	}
	tests := []struct {
		name   string
		fields map[string]string
	}{
		{"no notice field", notice("notice", "")},
		{"no order", notice("order_id", "")},
		{"a status", notice("status", "succeeded")},
		{"amount without currency", notice("amount", "10.00")},
		{"currency without amount", notice("currency", "RUB")},
		{"a fee", notice("amount", "10.00", "currency", "RUB", "fee", "1.00")},
		{"a bad amount", notice("amount", "ten", "currency", "RUB")},
		{"a payment with a notice field", map[string]string{"event_id": "evt_1", "type": "payment", "notice": "receipt", "order_id": "1002", "status": "succeeded", "amount": "10.00", "currency": "RUB"}},
	}
	for _, tt := range tests {
		if _, err := f.VerifyWebhook(t.Context(), signed(tt.fields)); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("%s: %v, want ErrInvalidRequest", tt.name, err)
		}
	}
	if _, err := f.NoticeWebhook("nope", paymentstest.NoticeReceipt); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("NoticeWebhook of an unknown order: %v, want ErrNotFound", err)
	}
	mustInit(t, f, initReq("1002", "10.00"))
	if _, err := f.NoticeWebhook("1002", ""); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("NoticeWebhook without a notice: %v, want ErrInvalidRequest", err)
	}
}
