package payments_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// Order ids at the bounds: a space is printable, 128 bytes are allowed, and
// a provider with numeric ids takes up to 18 digits.
func TestClientOrderIDBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		numeric bool
		id      string
		ok      bool
	}{
		{"space", false, "order 1001", true},
		{"unit separator", false, "order\x1f1001", false},
		{"tilde", false, "order~1001", true},
		{"128 bytes", false, strings.Repeat("a", 128), true},
		{"129 bytes", false, strings.Repeat("a", 129), false},
		{"18 digits", true, "123456789012345678", true},
		{"19 digits", true, "1234567890123456789", false},
		{"leading zero", true, "0123", false},
		{"one digit", true, "7", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.NumericOrderIDs = tt.numeric
			_, err := newClient(t, s, nil).PaymentStatus(context.Background(), tt.id)
			if tt.ok != (err == nil) {
				t.Errorf("PaymentStatus(%q) = %v, want ok %t", tt.id, err, tt.ok)
			}
			if err != nil && !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("error %v is not ErrInvalidRequest", err)
			}
		})
	}
}

// Receipt errors name the item by its position, counting from 1.
func TestClientReceiptErrorsNameTheItem(t *testing.T) {
	t.Parallel()
	good := payments.ReceiptItem{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub("5.00"), Tax: "none"}
	for _, tt := range []struct {
		name string
		bad  func(*payments.ReceiptItem)
		want string
	}{
		{"no name", func(it *payments.ReceiptItem) { it.Name = " " }, "receipt item 2 has no name"},
		{"zero quantity", func(it *payments.ReceiptItem) { it.Quantity = decimal.Zero }, "receipt item 2: quantity must be positive"},
		{"other currency", func(it *payments.ReceiptItem) { it.Amount = payments.MustParseMoney("5.00", payments.USD) }, "receipt item 2 is in USD, the payment in RUB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := validInit()
			second := good
			tt.bad(&second)
			req.Receipt = &payments.Receipt{Items: []payments.ReceiptItem{good, second}}
			_, err := newClient(t, newStub(), nil).InitPayment(context.Background(), req)
			if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("InitPayment = %v, want ErrInvalidRequest saying %q", err, tt.want)
			}
		})
	}
}

// A refund's answer may report its order and amount even where the request
// named none: a full refund (nil Amount) and a RefundStatus lookup.
func TestClientRefundAnswersWithOrderAndAmount(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.refundFn = func(_ context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
		return &payments.Refund{ID: "r-1", OrderID: req.OrderID, Amount: rub("6.00"), Status: payments.StatusSucceeded}, nil
	}
	s.refundStatusFn = func(_ context.Context, id string) (*payments.Refund, error) {
		return &payments.Refund{ID: id, OrderID: "1002", Amount: rub("6.00"), Status: payments.StatusSucceeded}, nil
	}
	c := newClient(t, s, nil)
	r, err := c.Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
	if err != nil || !r.Amount.Equal(rub("6.00")) {
		t.Errorf("full refund = %+v, %v; want the 6.00 RUB refunded", r, err)
	}
	r, err = c.RefundStatus(context.Background(), "r-1")
	if err != nil || r.OrderID != "1002" || !r.Amount.Equal(rub("6.00")) {
		t.Errorf("RefundStatus = %+v, %v", r, err)
	}
}

// Provider ids (refund and payout ids) may be up to 256 bytes.
func TestClientProviderIDBounds(t *testing.T) {
	t.Parallel()
	c := newClient(t, newStub(), nil)
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{strings.Repeat("r", 256), true},
		{strings.Repeat("r", 257), false},
		{"r 1", true},
		{"r\n1", false},
	} {
		_, err := c.RefundStatus(context.Background(), tt.id)
		if tt.ok != (err == nil) {
			t.Errorf("RefundStatus(%d bytes) = %v, want ok %t", len(tt.id), err, tt.ok)
		}
		_, err = c.WithdrawalStatus(context.Background(), payments.WithdrawalQuery{ID: tt.id})
		if tt.ok != (err == nil) {
			t.Errorf("WithdrawalStatus(%d bytes) = %v, want ok %t", len(tt.id), err, tt.ok)
		}
	}
}

// A payout looked up by its provider id may report its order id and amount;
// that is no mismatch.
func TestClientWithdrawalStatusByIDReportsOrderAndAmount(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.withdrawalStatusFn = func(_ context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
		return &payments.Withdrawal{ID: q.ID, OrderID: "2001", Amount: rub("50.00"), Status: payments.StatusSucceeded}, nil
	}
	w, err := newClient(t, s, nil).WithdrawalStatus(context.Background(), payments.WithdrawalQuery{ID: "w-1"})
	if err != nil || w.OrderID != "2001" || !w.Amount.Equal(rub("50.00")) {
		t.Errorf("WithdrawalStatus = %+v, %v", w, err)
	}
}

// A body over the limit is ErrInvalidRequest "webhook body too large" when
// the provider did not classify the read error, and keeps the provider's
// category when it did.
func TestClientVerifyWebhookOversizedBodyKinds(t *testing.T) {
	t.Parallel()
	readAll := func(r *http.Request) error {
		_, err := io.ReadAll(r.Body)
		return err
	}
	for _, tt := range []struct {
		name    string
		wrap    func(error) error
		kind    error
		tooBig  bool
		notKind error
	}{
		{"bare", func(err error) error { return err }, payments.ErrInvalidRequest, true, payments.ErrProtocol},
		{"unclassified *Error", func(err error) error { return &payments.Error{Message: "reading", Err: err} }, payments.ErrInvalidRequest, true, payments.ErrProtocol},
		{"classified *Error", func(err error) error {
			return &payments.Error{Kind: payments.ErrInvalidSignature, Message: "reading", Err: err}
		}, payments.ErrInvalidSignature, false, payments.ErrInvalidRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.webhookFn = func(_ context.Context, r *http.Request) (*payments.Event, error) {
				return nil, tt.wrap(readAll(r))
			}
			c := newClient(t, s, &payments.Options{MaxWebhookBytes: 8})
			r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(goodHook))
			_, err := c.VerifyWebhook(context.Background(), r)
			if !errors.Is(err, tt.kind) || errors.Is(err, tt.notKind) {
				t.Errorf("VerifyWebhook = %v, want %v and not %v", err, tt.kind, tt.notKind)
			}
			if got := strings.Contains(fmt.Sprint(err), "webhook body too large"); got != tt.tooBig {
				t.Errorf("VerifyWebhook = %v: says too large %t, want %t", err, got, tt.tooBig)
			}
		})
	}
}
