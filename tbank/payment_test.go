package tbank

import (
	"context"
	"errors"
	"testing"
	"time"

	"net/http"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// initAnswer is the OAS /v2/Init sample answer shape, for our terminal.
const initAnswer = `{"Success":true,"ErrorCode":"0","TerminalKey":"1700000000000DEMO","Status":"NEW","PaymentId":"7003551234","OrderId":"order-42","Amount":100000,"PaymentURL":"https://securepay.tinkoff.ru/new/fU1ppgqa"}`

// TestInitPaymentWire: Init carries the documented fields and Token (the
// Init body of the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1) gives its Token, computed
// with the rule of section «Токен», not a published vector), and its answer becomes
// Payment.ID = PaymentId with a GET redirect to PaymentURL.
func TestInitPaymentWire(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "Init", body: initAnswer})
	pay, err := p.InitPayment(context.Background(), &payments.InitRequest{
		OrderID: "order-42", Amount: rub("1000.00"), Description: "Заказ 42",
		SuccessURL: "https://shop.example/ok", FailURL: "https://shop.example/fail",
		NotificationURL: "https://shop.example/tbank/notify",
		Receipt: &payments.Receipt{TaxSystem: "usn_income", Email: "buyer@example.com", Items: []payments.ReceiptItem{
			{Name: "Товар", Quantity: decimal.NewFromInt(1), Amount: rub("1000.00"), Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity"},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if got := s.sentText(0, "Token"); got != "ffcc017b1b8f99df16f3642dbaa10c969a34708057632afc9aa35ad1f1fefbe2" {
		t.Errorf("Init Token = %s, want the fixture's", got)
	}
	if diff := cmp.Diff("O", s.sentText(0, "PayType")); diff != "" {
		t.Errorf("PayType (-want +got):\n%s", diff)
	}
	if got := string(s.sent[0]["Receipt"]); got != `{"Email":"buyer@example.com","Items":[{"Amount":100000,"Name":"Товар","PaymentMethod":"full_payment","PaymentObject":"commodity","Price":100000,"Quantity":1,"Tax":"vat22"}],"Taxation":"usn_income"}` {
		t.Errorf("Receipt = %s", got)
	}
	want := payments.NextStep{Kind: payments.NextRedirect, URL: "https://securepay.tinkoff.ru/new/fU1ppgqa"}
	if diff := cmp.Diff(want, pay.NextStep); diff != "" {
		t.Errorf("NextStep (-want +got):\n%s", diff)
	}
	if pay.ID != "7003551234" || pay.Status != payments.StatusPending || !pay.Amount.Equal(rub("1000.00")) {
		t.Errorf("payment = %+v", pay)
	}
}

// TestInitPaymentHoldRecurring: Hold is PayType T; Recurring adds
// Recurrent Y (in the Token, as nikita-vanyasin/tinkoff PR #16 found),
// CustomerKey and OperationInitiatorType 1.
func TestInitPaymentHoldRecurring(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "Init", body: initAnswer})
	_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "order-42", Amount: rub("1000.00"), Hold: true, Recurring: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"PayType": s.sentText(0, "PayType"), "Recurrent": s.sentText(0, "Recurrent"), "CustomerKey": s.sentText(0, "CustomerKey"), "DATA": string(s.sent[0]["DATA"])}
	want := map[string]string{"PayType": "T", "Recurrent": "Y", "CustomerKey": "order-42", "DATA": `{"OperationInitiatorType":"1"}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestInitPaymentFFD12: FFD 1.2 receipts carry FfdVersion, the required
// PaymentMethod/PaymentObject and MeasurementUnit; a fractional quantity
// keeps Price × Quantity = Amount (the OAS Cancel example: 0.1 of 500.00).
func TestInitPaymentFFD12(t *testing.T) {
	t.Parallel()
	s := &script{t: t, steps: []step{{method: "Init", body: initAnswer}}}
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword, BaseURL: testBase, HTTPClient: &http.Client{Transport: s}, FFDVersion: "1.2"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("50.00"),
		Receipt: &payments.Receipt{TaxSystem: "osn", Phone: "+79001234567", Items: []payments.ReceiptItem{
			{Name: "x", Quantity: decimal.RequireFromString("0.1"), Amount: rub("50.00"), Tax: "vat122"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(s.sent[0]["Receipt"]); got != `{"FfdVersion":"1.2","Items":[{"Amount":5000,"MeasurementUnit":"шт","Name":"x","PaymentMethod":"full_payment","PaymentObject":"commodity","Price":50000,"Quantity":0.1,"Tax":"vat122"}],"Phone":"+79001234567","Taxation":"osn"}` {
		t.Errorf("Receipt = %s", got)
	}
}

func TestReceiptRefused(t *testing.T) {
	t.Parallel()
	item := payments.ReceiptItem{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none"}
	many := make([]payments.ReceiptItem, 101)
	for i := range many {
		many[i] = item
	}
	tests := []struct {
		name string
		r    payments.Receipt
	}{
		{"no taxation", payments.Receipt{Email: "a@b.c", Items: []payments.ReceiptItem{item}}},
		{"no email or phone", payments.Receipt{TaxSystem: "osn", Items: []payments.ReceiptItem{item}}},
		{"101 items", payments.Receipt{TaxSystem: "osn", Email: "a@b.c", Items: many}},
		{"unknown tax", payments.Receipt{TaxSystem: "osn", Email: "a@b.c", Items: []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "vat18"}}}},
		{"no unit price", payments.Receipt{TaxSystem: "osn", Email: "a@b.c", Items: []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(3), Amount: rub("100.00"), Tax: "none"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, s := newScripted(t)
			_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("10.00"), Receipt: &tt.r})
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v, want ErrInvalidRequest", err)
			}
			s.done()
		})
	}
}

// TestPaymentStatusByOrderChooses: CheckOrder lists several sessions of
// one order (MS18's sample: REJECTED, AUTH_FAIL, NEW; mixed string and
// number types); the paid one wins over newer failures, and among equals
// the greatest PaymentId.
func TestPaymentStatusByOrderChooses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sessions, want string
	}{
		{"paid beats newer failures", `[{"Status":"REJECTED","PaymentId":"10063","Amount":555,"Success":false,"ErrorCode":1051},{"Status":"CONFIRMED","PaymentId":"10064","Success":"true","ErrorCode":0},{"Status":"AUTH_FAIL","PaymentId":"10065","ErrorCode":"76"}]`, "10064"},
		{"newest of equals, numeric order", `[{"Status":"NEW","PaymentId":"999"},{"Status":"NEW","PaymentId":"1000"}]`, "1000"},
		{"waiting beats failed", `[{"Status":"NEW","PaymentId":"5"},{"Status":"REJECTED","PaymentId":"6"}]`, "5"},
		{"number ids", `[{"Status":"AUTHORIZED","PaymentId":7003551234}]`, "7003551234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, s := newScripted(t,
				step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","OrderId":"order-42","Payments":` + tt.sessions + `}`},
				step{method: "GetState", body: `{"Success":true,"ErrorCode":"0","Status":"CONFIRMED","PaymentId":"` + tt.want + `","OrderId":"order-42","Amount":1230}`})
			pay, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{OrderID: "order-42"})
			if err != nil {
				t.Fatal(err)
			}
			s.done()
			if got := s.sentText(1, "PaymentId"); got != tt.want {
				t.Errorf("GetState PaymentId = %s, want %s", got, tt.want)
			}
			if pay.ID != tt.want {
				t.Errorf("ID = %s", pay.ID)
			}
		})
	}
}

func TestPaymentStatusNoSessions(t *testing.T) {
	t.Parallel()
	p, _ := newScripted(t, step{method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","OrderId":"x","Payments":[]}`})
	_, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{OrderID: "x"})
	if !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

// TestPaymentStatusByPaymentID: GetState's OAS sample (string PaymentId,
// Params array ignored).
func TestPaymentStatusByPaymentID(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "GetState", body: `{"Success":true,"ErrorCode":"0","Message":"OK","TerminalKey":"TinkoffBankTest","Status":"AUTHORIZED","PaymentId":"13660","OrderId":"21050","Amount":1230,"Params":[{"Key":"Route","Value":"ACQ"}]}`})
	pay, err := p.PaymentStatus(context.Background(), payments.PaymentQuery{PaymentID: "13660"})
	if err != nil {
		t.Fatal(err)
	}
	s.done()
	if pay.Status != payments.StatusAuthorized || pay.OrderID != "21050" || !pay.Amount.Equal(rub("12.30")) {
		t.Errorf("payment = %+v", pay)
	}
}

// TestStatusTable: the mapping of «Статусная модель платежа».
func TestStatusTable(t *testing.T) {
	t.Parallel()
	want := map[string]payments.Status{
		"NEW": payments.StatusPending, "FORM_SHOWED": payments.StatusPending, "3DS_CHECKING": payments.StatusRequiresAction,
		"AUTHORIZING": payments.StatusProcessing, "PAY_CHECKING": payments.StatusProcessing, "CONFIRM_CHECKING": payments.StatusProcessing,
		"AUTHORIZED": payments.StatusAuthorized, "PARTIAL_REVERSED": payments.StatusAuthorized,
		"CONFIRMED": payments.StatusSucceeded, "REFUNDING": payments.StatusSucceeded,
		"PARTIAL_REFUNDED": payments.StatusPartiallyRefunded, "REFUNDED": payments.StatusRefunded,
		"REVERSED": payments.StatusCanceled, "CANCELED": payments.StatusCanceled,
		"DEADLINE_EXPIRED": payments.StatusExpired, "ATTEMPTS_EXPIRED": payments.StatusExpired,
		"REJECTED": payments.StatusFailed, "AUTH_FAIL": payments.StatusFailed,
		"COMPLETED": payments.StatusUnknown, "": payments.StatusUnknown,
	}
	for s, w := range want {
		if got := statusOf(s); got != w {
			t.Errorf("statusOf(%q) = %s, want %s", s, got, w)
		}
	}
}

// TestInitRedirectDueDate: ExpiresAt is sent as RedirectDueDate in whole
// seconds with a numeric offset, and hashed exactly as sent (OAS /v2/Init
// format YYYY-MM-DDTHH24:MI:SS+GMT).
func TestInitRedirectDueDate(t *testing.T) {
	t.Parallel()
	p, s := newScripted(t, step{method: "Init", body: initAnswer})
	at := time.Date(2026, 9, 26, 12, 0, 0, 123456789, time.FixedZone("", 5*3600))
	if _, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("10.00"), ExpiresAt: at}); err != nil {
		t.Fatal(err)
	}
	if got := s.sentText(0, "RedirectDueDate"); got != "2026-09-26T12:00:00+05:00" {
		t.Errorf("RedirectDueDate = %q", got)
	}
}
