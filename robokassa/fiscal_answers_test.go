package robokassa

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Receipt/Attach answers (https://docs.robokassa.ru/second-check: ResultCode
// 0 ok, 1 waiting, 2 registered, 3 error, 1000 internal error; 1001 bad
// signature and the live MerchantNotFoundException answer recorded by
// igor-netFantom/robokassa-api) map onto the receipt's
// status or an error kind. Whatever may have registered the receipt is an
// unknown outcome.
func TestSendReceiptAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   payments.FiscalStatus
		kind   error
	}{
		{"accepted", 200, `{"ResultCode":"0","ResultDescription":"ok"}`, payments.FiscalPending, nil},
		{"waiting", 200, `{"ResultCode":"1","ResultDescription":"waiting"}`, payments.FiscalPending, nil},
		{"registered", 200, `{"ResultCode":"2","ResultDescription":"done"}`, payments.FiscalRegistered, nil},
		{"error", 200, `{"ResultCode":"3","ResultDescription":"error"}`, payments.FiscalFailed, nil},
		{"number code", 200, `{"ResultCode":2,"ResultDescription":"done"}`, payments.FiscalRegistered, nil},
		{"bad signature", 200, `{"ResultCode":"1001","ResultDescription":"bad signature"}`, "", payments.ErrUnauthorized},
		{"unknown merchant", 200, `{"ResultCode":"1000","ResultDescription":"Exception of type 'Robox.Merchant.Util.Exceptions.MerchantNotFoundException' was thrown."}`, "", payments.ErrUnauthorized},
		{"internal error", 200, `{"ResultCode":"1000","ResultDescription":"internal"}`, "", payments.ErrOutcomeUnknown},
		{"undocumented code", 200, `{"ResultCode":"7","ResultDescription":"?"}`, "", payments.ErrOutcomeUnknown},
		{"no code", 200, `{"ResultDescription":"ok"}`, "", payments.ErrOutcomeUnknown},
		{"code of another type", 200, `{"ResultCode":true}`, "", payments.ErrOutcomeUnknown},
		{"not JSON", 200, `<html>`, "", payments.ErrOutcomeUnknown},
		{"truncated", 200, `{"ResultCode":"0"`, "", payments.ErrOutcomeUnknown},
		{"500", 500, `{"ResultCode":"0"}`, "", payments.ErrOutcomeUnknown},
		{"502 empty", 502, ``, "", payments.ErrOutcomeUnknown},
		{"400", 400, ``, "", payments.ErrInvalidRequest},
		{"401", 401, ``, "", payments.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, reqs, _ := fiscalServer(tt.status, tt.body)
			p := newProvider(t, rt, nil)
			r, err := p.SendReceipt(t.Context(), goldenReceiptRequest())
			if len(*reqs) != 1 {
				t.Errorf("%d requests, want 1", len(*reqs))
			}
			if tt.kind != nil {
				if !errors.Is(err, tt.kind) {
					t.Errorf("SendReceipt: %v, want %v", err, tt.kind)
				}
				return
			}
			if err != nil || r.Status != tt.want || r.ID != "1019" || r.OrderID != "19" {
				t.Errorf("SendReceipt = %+v, %v; want %s", r, err, tt.want)
			}
		})
	}
}

// Through the Client: a receipt is sent once; a fault after sending is an
// unknown outcome whose advice names ReceiptStatus by the receipt id
// (payments.Operation.Resendable: Robokassa registers at most two receipts
// per payment, https://docs.robokassa.ru/second-check).
func TestSendReceiptSentOnce(t *testing.T) {
	t.Parallel()
	calls := 0
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls++
		_, _ = io.ReadAll(r.Body)
		return nil, errors.New("connection reset by peer")
	})
	c, err := payments.New(newProvider(t, rt, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SendReceipt(t.Context(), goldenReceiptRequest())
	var pe *payments.Error
	if !errors.Is(err, payments.ErrOutcomeUnknown) || !errors.As(err, &pe) || !strings.Contains(pe.Advice, "ReceiptStatus") {
		t.Errorf("SendReceipt: %v (advice %q), want an unknown outcome advising ReceiptStatus", err, pe.Advice)
	}
	if calls != 1 {
		t.Errorf("sent %d times, want once", calls)
	}
	// The lookup is a read: the Client retries it.
	calls = 0
	_, err = c.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "1019"})
	if !errors.Is(err, payments.ErrUnavailable) || calls < 2 {
		t.Errorf("ReceiptStatus: %v after %d calls, want ErrUnavailable after retries", err, calls)
	}
}

// Receipt/Status answers (https://docs.robokassa.ru/second-check: Code 1
// waiting, 2 registered, 3 error, 1000 request error; the live error
// {"Code":"1000","Description":"Error","Statuses":null} recorded by
// igor-netFantom/robokassa-api).
func TestReceiptStatusAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   *payments.FiscalReceipt
		kind   error
	}{
		{"waiting", 200, `{"Code":"1","Description":"Wait"}`, &payments.FiscalReceipt{ID: "1019", Status: payments.FiscalPending, Code: "1", Message: "Wait"}, nil},
		{"failed", 200, `{"Code":"3","Description":"Error","FiscalDate":null}`, &payments.FiscalReceipt{ID: "1019", Status: payments.FiscalFailed, Code: "3", Message: "Error"}, nil},
		{"registered with date", 200, `{"Code":2,"Description":"Done","FnNumber":9289000100348548,"FiscalDate":"2026-11-29T12:00:00","FiscalType":"sell"}`,
			&payments.FiscalReceipt{ID: "1019", Status: payments.FiscalRegistered, Code: "2", Message: "Done",
				RegisteredAt: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC),
				Raw:          map[string]string{"FnNumber": "9289000100348548", "FiscalDate": "2026-11-29T12:00:00", "FiscalType": "sell"}}, nil},
		{"unknown id", 200, `{"Code":"1000","Description":"Error","Statuses":null}`, nil, payments.ErrNotFound},
		{"bad signature", 200, `{"Code":"1001","Description":"Signature"}`, nil, payments.ErrUnauthorized},
		{"0 is no status", 200, `{"Code":"0","Description":"ok"}`, nil, payments.ErrProtocol},
		{"undocumented", 200, `{"Code":"9"}`, nil, payments.ErrProtocol},
		{"no code", 200, `{}`, nil, payments.ErrProtocol},
		{"not JSON", 200, `oops`, nil, payments.ErrProtocol},
		{"503", 503, ``, nil, payments.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _, _ := fiscalServer(tt.status, tt.body)
			p := newProvider(t, rt, nil)
			got, err := p.ReceiptStatus(t.Context(), payments.ReceiptQuery{ReceiptID: "1019"})
			if tt.kind != nil {
				if !errors.Is(err, tt.kind) {
					t.Errorf("ReceiptStatus: %v, want %v", err, tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReceiptStatus (-want +got):\n%s", diff)
			}
		})
	}
}

// A second receipt's lines are checked before anything is sent: its own
// numeric id (not the InvId), full_payment lines only, known tax codes and
// payment objects, the shop's currency, at most 8+2 digits in the total
// (https://docs.robokassa.ru/second-check; tax codes and payment objects of
// https://docs.robokassa.ru/fiscalization).
func TestSendReceiptRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(*payments.ReceiptRequest)
		kind error
	}{
		{"same id as the order", func(r *payments.ReceiptRequest) { r.ReceiptID = "19" }, payments.ErrInvalidRequest},
		{"receipt id not numeric", func(r *payments.ReceiptRequest) { r.ReceiptID = "r-1" }, payments.ErrInvalidRequest},
		{"order id not numeric", func(r *payments.ReceiptRequest) { r.OrderID = "o-19" }, payments.ErrInvalidRequest},
		{"prepayment line", func(r *payments.ReceiptRequest) { r.Receipt.Items[0].PaymentMethod = "full_prepayment" }, payments.ErrInvalidRequest},
		{"unknown tax", func(r *payments.ReceiptRequest) { r.Receipt.Items[0].Tax = "vat18" }, payments.ErrInvalidRequest},
		{"unknown object", func(r *payments.ReceiptRequest) { r.Receipt.Items[0].PaymentObject = "thing" }, payments.ErrInvalidRequest},
		{"other currency", func(r *payments.ReceiptRequest) {
			r.Receipt.Items[0].Amount = payments.MustParseMoney("10.00", payments.KZT)
		}, payments.ErrInvalidRequest},
		{"no name", func(r *payments.ReceiptRequest) { r.Receipt.Items[0].Name = " " }, payments.ErrInvalidRequest},
		{"name not UTF-8", func(r *payments.ReceiptRequest) { r.Receipt.Items[0].Name = "Item\xff" }, payments.ErrInvalidRequest},
		{"no lines", func(r *payments.ReceiptRequest) { r.Receipt.Items = nil }, payments.ErrInvalidRequest},
		{"total too large", func(r *payments.ReceiptRequest) {
			r.Receipt.Items[0].Amount = payments.MustParseMoney("100000000.00", payments.RUB)
		}, payments.ErrInvalidRequest},
		{"other kind", func(r *payments.ReceiptRequest) { r.Kind = "correction" }, errors.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, reqs, _ := fiscalServer(200, `{"ResultCode":"0"}`)
			p := newProvider(t, rt, nil)
			req := goldenReceiptRequest()
			tt.mod(req)
			if _, err := p.SendReceipt(t.Context(), req); !errors.Is(err, tt.kind) {
				t.Errorf("SendReceipt: %v, want %v", err, tt.kind)
			}
			if len(*reqs) != 0 {
				t.Errorf("sent %d requests", len(*reqs))
			}
		})
	}
}

// The JSON of a receipt with several rates: VAT per rate in the order the
// rates appear (22/122 of the vat22 lines, 10/110 of vat110, rounded to
// kopecks), quantities and sums as plain numbers, full_payment filled in,
// the buyer's email and phone (https://docs.robokassa.ru/second-check,
// https://docs.robokassa.ru/fiscalization).
func TestSecondReceiptJSON(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	rub := func(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }
	req := &payments.ReceiptRequest{OrderID: "19", ReceiptID: "20", Kind: payments.ReceiptSettlement, Receipt: payments.Receipt{
		Phone: "+79001234567",
		Items: []payments.ReceiptItem{
			{Name: "Чай", Quantity: decimal.RequireFromString("1.5"), Amount: rub("122.00"), Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity"},
			{Name: "Доставка", Quantity: decimal.NewFromInt(1), Amount: rub("100.00"), Tax: "vat110", PaymentObject: "service"},
			{Name: "Пакет", Quantity: decimal.NewFromInt(1), Amount: rub("10.01"), Tax: "vat22", NomenclatureCode: "04620034587217"},
		},
	}}
	js, err := p.secondReceiptJSON(req)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"merchantId":"golden-shop","id":"20","originId":"19","operation":"sell","total":232.01,` +
		`"items":[{"name":"Чай","quantity":1.5,"sum":122,"tax":"vat22","payment_method":"full_payment","payment_object":"commodity"},` +
		`{"name":"Доставка","quantity":1,"sum":100,"tax":"vat110","payment_method":"full_payment","payment_object":"service"},` +
		`{"name":"Пакет","quantity":1,"sum":10.01,"tax":"vat22","payment_method":"full_payment","nomenclature_code":"04620034587217"}],` +
		`"client":{"phone":"+79001234567"},"payments":[{"type":2,"sum":232.01}],"vats":[{"type":"vat22","sum":23.81},{"type":"vat110","sum":9.09}]}`
	if string(js) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", js, want)
	}
}
