package paymentstest_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// The golden values of these tests are the fake's own contract, as its doc
// comments state it (ids, statuses, next steps, error categories).

const (
	testCard = "4111111111111111"
	maskCard = "411111******1111"
)

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

func ptr[T any](v T) *T { return &v }

// fixedNow is the clock of every test fake.
var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newFake(t *testing.T) *paymentstest.Fake {
	t.Helper()
	return paymentstest.New(&paymentstest.Options{Now: func() time.Time { return fixedNow }})
}

func card() *payments.Card {
	return &payments.Card{Number: testCard, ExpMonth: 12, ExpYear: 2030, CVC: "123", Holder: "IVAN IVANOV"}
}

func browser() *payments.BrowserData {
	return &payments.BrowserData{IP: "203.0.113.7", AcceptHeader: "text/html", Language: "ru-RU", ColorDepth: 24,
		ScreenHeight: 1080, ScreenWidth: 1920, TZOffsetMinutes: -180, UserAgent: "Mozilla/5.0", ChallengeWindowSize: "02"}
}

func initReq(orderID, amount string) *payments.InitRequest {
	return &payments.InitRequest{OrderID: orderID, Amount: rub(amount), Description: "Order " + orderID}
}

// wantKind fails the test unless err wraps kind.
func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error = %v, want one wrapping %v", err, kind)
	}
}

func mustInit(t *testing.T, f payments.Provider, req *payments.InitRequest) *payments.Payment {
	t.Helper()
	p, err := f.InitPayment(t.Context(), req)
	if err != nil {
		t.Fatalf("InitPayment(%s): %v", req.OrderID, err)
	}
	return p
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	f := paymentstest.New(nil)
	if got := f.Name(); got != "fake" {
		t.Errorf("Name() = %q, want fake", got)
	}
	want := payments.Capabilities{
		Operations:     payments.Operations(),
		Currencies:     []payments.Currency{payments.RUB, payments.USD, payments.EUR},
		PartialRefunds: true, PaymentReceipts: true, RefundReceipts: true, CardPayments: true, ThreeDS: true, Metadata: true,
		MaxOrderIDLength: paymentstest.MaxOrderIDLength,
		LookupByOrderID:  true, LookupByPaymentID: true,
		IdempotentRefunds: true, RefundLookupByReference: true, RefundMetadata: true, WithdrawalMetadata: true,
		Holds: true, HoldPeriod: 7 * 24 * time.Hour, PartialCapture: true, CaptureReceipts: true,
		Recurring: true, ReceiptsAfterPayment: true,
		PaymentMethods: []payments.PaymentMethod{payments.MethodCard, payments.MethodSBP, payments.MethodSberPay},
	}
	if diff := cmp.Diff(want, f.Capabilities()); diff != "" {
		t.Errorf("Capabilities() (-want +got):\n%s", diff)
	}
	p := mustInit(t, f, initReq("1001", "10.00"))
	if want := "https://pay.fake.invalid/pay/pay_1"; p.NextStep.URL != want {
		t.Errorf("redirect = %q, want %q", p.NextStep.URL, want)
	}
}

func TestInitPayment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *payments.InitRequest
		want *payments.Payment
	}{
		{
			name: "redirect",
			req: &payments.InitRequest{OrderID: "1001", Amount: rub("10.00"), Description: "Order 1001",
				Metadata: map[string]string{"cart": "42"}},
			want: &payments.Payment{OrderID: "1001", ID: "pay_1", Status: payments.StatusPending, Amount: rub("10.00"),
				NextStep: payments.NextStep{Kind: payments.NextRedirect, URL: "https://pay.example/p/pay_1"},
				Raw:      map[string]string{"description": "Order 1001", "meta_cart": "42"}},
		},
		{
			name: "card without browser data succeeds at once",
			req:  &payments.InitRequest{OrderID: "1010", Amount: rub("10.00"), Card: card()},
			want: &payments.Payment{OrderID: "1010", ID: "pay_1", Status: payments.StatusSucceeded, Amount: rub("10.00"),
				Method: "card", Raw: map[string]string{"card": maskCard}},
		},
		{
			name: "card with browser data requires 3-D Secure",
			req: &payments.InitRequest{OrderID: "1011", Amount: rub("10.00"), Card: card(), Browser: browser(),
				SuccessURL: "https://shop.example/success"},
			want: &payments.Payment{OrderID: "1011", ID: "pay_1", Status: payments.StatusRequiresAction, Amount: rub("10.00"),
				Method: "card", Raw: map[string]string{"card": maskCard},
				NextStep: payments.NextStep{Kind: payments.NextPostForm, URL: "https://pay.example/p/pay_1/3ds", Fields: []payments.Field{
					{Name: "PaReq", Value: "fake-pareq-pay_1"}, {Name: "MD", Value: "pay_1"}, {Name: "TermUrl", Value: "https://shop.example/success"},
				}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := paymentstest.New(&paymentstest.Options{PayURL: "https://pay.example/p/", Now: func() time.Time { return fixedNow }})
			got := mustInit(t, f, tt.req)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("InitPayment (-want +got):\n%s", diff)
			}
			stored, ok := f.Payment(tt.req.OrderID)
			if !ok {
				t.Fatal("Payment() found nothing")
			}
			if diff := cmp.Diff(*tt.want, stored); diff != "" {
				t.Errorf("Payment() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInitPaymentCardCreditsBalance(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	mustInit(t, f, &payments.InitRequest{OrderID: "1010", Amount: rub("10.00"), Card: card()})
	assertBalance(t, f, rub("10.00"))
}

func TestDeterministicIDs(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	for i := 1; i <= 3; i++ {
		p := mustInit(t, f, initReq(fmt.Sprint(1000+i), "10.00"))
		if want := fmt.Sprintf("pay_%d", i); p.ID != want {
			t.Errorf("payment %d: id %q, want %q", i, p.ID, want)
		}
	}
	// A refused request does not use up an id.
	if _, err := f.InitPayment(t.Context(), initReq("1001", "10.00")); err == nil {
		t.Fatal("duplicate order accepted")
	}
	if p := mustInit(t, f, initReq("1004", "10.00")); p.ID != "pay_4" {
		t.Errorf("id after a refused request = %q, want pay_4", p.ID)
	}
	for _, id := range []string{"1001", "1002"} {
		if err := f.MarkPaid(id); err != nil {
			t.Fatal(err)
		}
	}
	for i, id := range []string{"1001", "1002"} {
		r, err := f.Refund(t.Context(), &payments.RefundRequest{OrderID: id})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("ref_%d", i+1); r.ID != want {
			t.Errorf("refund id %q, want %q", r.ID, want)
		}
	}
	f.SetBalance(rub("100.00"))
	for i := 1; i <= 2; i++ {
		w, err := f.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: fmt.Sprint(2000 + i), Amount: rub("1.00"), Card: card()})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("wd_%d", i); w.ID != want {
			t.Errorf("payout id %q, want %q", w.ID, want)
		}
	}
}

func TestInitPaymentErrors(t *testing.T) {
	t.Parallel()
	expired := card()
	expired.ExpYear, expired.ExpMonth = 2026, 2
	badLuhn := card()
	badLuhn.Number = "4111111111111112"
	tests := []struct {
		name string
		req  *payments.InitRequest
		kind error
		code string
	}{
		{"duplicate order", initReq("1001", "10.00"), payments.ErrDuplicate, "duplicate"},
		{"nil request", nil, payments.ErrInvalidRequest, "invalid_request"},
		{"no order id", initReq("", "10.00"), payments.ErrInvalidRequest, "invalid_request"},
		{"zero amount", initReq("1002", "0"), payments.ErrInvalidRequest, "invalid_amount"},
		{"no currency", &payments.InitRequest{OrderID: "1002"}, payments.ErrInvalidRequest, "invalid_amount"},
		{"undeclared currency", &payments.InitRequest{OrderID: "1002", Amount: payments.MustParseMoney("10", "JPY")}, errors.ErrUnsupported, "unsupported_currency"},
		{"expired card", &payments.InitRequest{OrderID: "1002", Amount: rub("10.00"), Card: expired}, payments.ErrInvalidRequest, "invalid_card"},
		{"card failing Luhn", &payments.InitRequest{OrderID: "1002", Amount: rub("10.00"), Card: badLuhn}, payments.ErrInvalidRequest, "invalid_card"},
		{"declined card", &payments.InitRequest{OrderID: "1003", Amount: rub("10.00"), Card: &payments.Card{
			Number: paymentstest.DeclinedCard, ExpMonth: 1, ExpYear: 2030, CVC: "123"}}, payments.ErrDeclined, "card_declined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			mustInit(t, f, initReq("1001", "10.00"))
			_, err := f.InitPayment(t.Context(), tt.req)
			wantKind(t, err, tt.kind)
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Code != tt.code || pe.Provider != "fake" {
				t.Errorf("error %#v, want code %q from provider fake", err, tt.code)
			}
			if tt.req != nil && tt.req.Card != nil && strings.Contains(err.Error(), tt.req.Card.Number) {
				t.Errorf("error %q shows the card number", err)
			}
		})
	}
}

func TestDeclinedCardIsRecordedAsFailed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	_, err := f.InitPayment(t.Context(), &payments.InitRequest{OrderID: "1003", Amount: rub("10.00"),
		Card: &payments.Card{Number: paymentstest.DeclinedCard, ExpMonth: 1, ExpYear: 2030, CVC: "123"}})
	wantKind(t, err, payments.ErrDeclined)
	p, err := f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1003"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != payments.StatusFailed || p.ErrorCode != "card_declined" {
		t.Errorf("status %s code %q, want failed card_declined", p.Status, p.ErrorCode)
	}
	assertBalance(t, f, rub("0"))
}

func TestPaymentStatus(t *testing.T) {
	t.Parallel()
	now := fixedNow
	var mu sync.Mutex
	f := paymentstest.New(&paymentstest.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	req := initReq("1001", "10.00")
	req.ExpiresAt = fixedNow.Add(time.Hour)
	mustInit(t, f, req)

	_, err := f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1999"})
	wantKind(t, err, payments.ErrNotFound)

	p, err := f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
	if err != nil || p.Status != payments.StatusPending {
		t.Fatalf("PaymentStatus = %v, %v; want pending", p, err)
	}
	mu.Lock()
	now = fixedNow.Add(time.Hour)
	mu.Unlock()
	p, err = f.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
	if err != nil || p.Status != payments.StatusExpired || p.NextStep.Kind != payments.NextNone {
		t.Fatalf("PaymentStatus after expiry = %+v, %v; want expired without a next step", p, err)
	}
	wantKind(t, f.MarkPaid("1001"), payments.ErrInvalidRequest)
}
