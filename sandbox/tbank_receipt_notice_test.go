package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/tbank"
)

// tbAppShop is a shop whose notification endpoint is
// payments.Client.WebhookHandler over the tbank provider: it records
// every delivery with its answer, and every event the app's function got.
type tbAppShop struct {
	mu         sync.Mutex
	deliveries []tbAppDelivery
	events     []*payments.Event
	logs       []string
}

type tbAppDelivery struct {
	body   []byte
	code   int
	answer string
}

func (s *tbAppShop) logf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logs = append(s.logs, fmt.Sprintf(format, args...))
}

// logged reports how many log lines contain every one of parts.
func (s *tbAppShop) logged(parts ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logged0(parts...)
}

// endpoint wraps h, recording each delivery and its answer.
func (s *tbAppShop) endpoint(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		s.mu.Lock()
		s.deliveries = append(s.deliveries, tbAppDelivery{body: body, code: rec.Code, answer: rec.Body.String()})
		s.mu.Unlock()
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func (s *tbAppShop) handle(_ context.Context, ev *payments.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, ev)
	return nil
}

var tbFiscalSignText = regexp.MustCompile(`^[1-9][0-9]{9}$`)

// sortStrings compares string slices as sets with repeats.
var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// TestTBankReceiptNotice: end to end through payments.Client, the tbank
// provider and Client.WebhookHandler: after a payment that carried a
// receipt is CONFIRMED the sandbox sends, after the payment notification,
// a signed RECEIPT notification (NotificationFiscalization, «Уведомления
// об операциях», https://www.tbank.ru/kassa/dev/payments/) with the
// cash desk's fiscal fields and the Receipt object. The handler answers
// both OK, the payment notification reaches the app once, the notice
// only with HandlerOptions.Notices, and the sandbox retries neither. A
// payment without a receipt gets no RECEIPT notification.
func TestTBankReceiptNotice(t *testing.T) {
	t.Parallel()
	for _, notices := range []bool{false, true} {
		t.Run(fmt.Sprintf("Notices=%v", notices), func(t *testing.T) {
			t.Parallel()
			shop := &tbAppShop{}
			now := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
			sb, err := New(Options{Retries: 4, RetryDelay: time.Millisecond, Logf: shop.logf, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			api := httptest.NewServer(sb.Handler())
			sb.SetBaseURL(api.URL)
			t.Cleanup(func() { _ = sb.Close(); api.Close() })
			cfg := sb.TBankConfig()
			cfg.Taxation = "usn_income"
			p, err := tbank.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			c, err := payments.New(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(shop.endpoint(c.WebhookHandler(shop.handle, &payments.HandlerOptions{Notices: notices})))
			t.Cleanup(srv.Close)

			ctx := context.Background()
			withReceipt, err := c.InitPayment(ctx, &payments.InitRequest{
				OrderID: "rcpt-1", Amount: rubs("1500.00"), Description: "Блокнот", NotificationURL: srv.URL + "/tbank/notify",
				Receipt: &payments.Receipt{Email: "b@example.com", Items: []payments.ReceiptItem{
					{Name: "Блокнот", Quantity: decimal.NewFromInt(1), Amount: rubs("1500.00"), Tax: "vat22"},
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			plain, err := c.InitPayment(ctx, &payments.InitRequest{
				OrderID: "plain-1", Amount: rubs("200.00"), Description: "Ручка", NotificationURL: srv.URL + "/tbank/notify",
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{withReceipt.ID, plain.ID} {
				if err := sb.TBankPay(ctx, id, ""); err != nil {
					t.Fatal(err)
				}
			}
			receiptName := "tbank receipt notification (payment " + withReceipt.ID
			eventually(t, "three notifications accepted", func() bool {
				return shop.logged("accepted on attempt") == 3 && shop.logged(receiptName, "accepted on attempt 1") == 1
			})
			if err := sb.Close(); err != nil {
				t.Fatal(err)
			}

			shop.mu.Lock()
			defer shop.mu.Unlock()
			if n := shop.logged0("attempt", "answered"); n != 0 {
				t.Errorf("%d refused attempts; logs:\n%s", n, strings.Join(shop.logs, "\n"))
			}
			var statuses []string
			var receiptBody []byte
			for _, d := range shop.deliveries {
				var m map[string]any
				if err := json.Unmarshal(d.body, &m); err != nil {
					t.Fatalf("delivery is not JSON: %q", d.body)
				}
				statuses = append(statuses, fmt.Sprint(m["OrderId"], " ", m["Status"], " ", d.code, " ", d.answer))
				if m["Status"] == "RECEIPT" {
					receiptBody = d.body
				}
			}
			wantStatuses := []string{"rcpt-1 CONFIRMED 200 OK", "rcpt-1 RECEIPT 200 OK", "plain-1 CONFIRMED 200 OK"}
			if diff := cmp.Diff(wantStatuses, statuses, sortStrings); diff != "" {
				t.Fatalf("deliveries (-want +got):\n%s", diff)
			}
			checkToken(t, receiptBody, TBankPassword)
			var sent struct{ Receipt json.RawMessage }
			if err := json.Unmarshal(receiptBody, &sent); err != nil {
				t.Fatal(err)
			}
			st, _ := sb.TBankPayment(withReceipt.ID)
			if !bytes.Equal(sent.Receipt, st.Receipt) {
				t.Errorf("RECEIPT notification's Receipt = %s, want the Init receipt %s", sent.Receipt, st.Receipt)
			}

			var got []string
			var notice *payments.Event
			for _, ev := range shop.events {
				got = append(got, fmt.Sprint(ev.OrderID, " ", ev.Type, " ", ev.Status))
				if ev.Type == payments.EventNotice {
					notice = ev
				}
			}
			want := []string{"rcpt-1 payment succeeded", "plain-1 payment succeeded"}
			if notices {
				want = append(want, "rcpt-1 notice ")
			}
			if diff := cmp.Diff(want, got, sortStrings); diff != "" {
				t.Errorf("events the app got (-want +got):\n%s", diff)
			}
			if !notices {
				return
			}
			if notice.PaymentID != withReceipt.ID || notice.Ack != tbank.Ack {
				t.Errorf("notice = %+v, want payment %s acknowledged with OK", notice, withReceipt.ID)
			}
			raw := notice.Raw
			if !tbFiscalSignText.MatchString(raw["FiscalDocumentAttribute"]) || raw["Token"] == "" {
				t.Errorf("FiscalDocumentAttribute %q, Token %q: want a 10-digit fiscal sign and a Token", raw["FiscalDocumentAttribute"], raw["Token"])
			}
			delete(raw, "FiscalDocumentAttribute")
			delete(raw, "Token")
			wantRaw := map[string]string{
				"TerminalKey": TBankTerminalKey, "OrderId": "rcpt-1", "Success": "true", "Status": "RECEIPT",
				"PaymentId": withReceipt.ID, "ErrorCode": "0", "Amount": "150000",
				"FiscalNumber": "1", "ShiftNumber": "15", "ReceiptDatetime": "2026-01-15T15:00:00+03:00",
				"FnNumber": tbFnNumber, "EcrRegNumber": tbEcrRegNumber, "FiscalDocumentNumber": "1001",
				"Type": "Income", "Ofd": tbOfd, "Url": withReceipt.NextStep.URL,
			}
			if diff := cmp.Diff(wantRaw, raw); diff != "" {
				t.Errorf("notice fields (-want +got):\n%s", diff)
			}
		})
	}
}

// logged0 is logged with s.mu held.
func (s *tbAppShop) logged0(parts ...string) int {
	n := 0
	for _, l := range s.logs {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			n++
		}
	}
	return n
}

// TestTBankReceiptNoticeRetried: a RECEIPT notification refused is sent
// again, the same signed body, until the shop answers exactly OK, like
// every notification.
func TestTBankReceiptNoticeRetried(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	e.shop.replies = []string{"OK", "ok"} // the CONFIRMED accepted, the first RECEIPT refused
	id, _ := e.create(map[string]any{"Amount": 50000, "OrderId": "o-receipt",
		"Receipt": map[string]any{"Email": "b@example.com", "Taxation": "osn", "Items": []any{
			map[string]any{"Name": "Блокнот", "Price": 50000, "Quantity": 1, "Amount": 50000, "Tax": "vat22"},
		}}})
	if err := e.sb.TBankPay(context.Background(), id, ""); err != nil {
		t.Fatal(err)
	}
	got := e.waitDeliveries(3)
	if err := e.sb.Close(); err != nil {
		t.Fatal(err)
	}
	if n := e.shop.count(); n != 3 {
		t.Fatalf("%d deliveries, want 3 (CONFIRMED, RECEIPT refused, RECEIPT again)", n)
	}
	if got[0]["Status"] != tbConfirmed || got[1]["Status"] != "RECEIPT" || string(e.shop.raw(2)) != string(e.shop.raw(1)) {
		t.Errorf("deliveries %v: want CONFIRMED, then the same RECEIPT twice", got)
	}
}
