package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// stub is a provider with configurable behaviour and call counters. It
// implements Provider and every optional interface; what it declares is in
// caps. A nil hook means a well-formed success echoing the request.
type stub struct {
	caps payments.Capabilities

	initFn             func(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error)
	statusFn           func(ctx context.Context, orderID string) (*payments.Payment, error)
	refundFn           func(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error)
	refundStatusFn     func(ctx context.Context, id string) (*payments.Refund, error)
	balanceFn          func(ctx context.Context, cur payments.Currency) (*payments.Balance, error)
	withdrawFn         func(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error)
	withdrawalStatusFn func(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error)
	webhookFn          func(ctx context.Context, r *http.Request) (*payments.Event, error)

	mu    sync.Mutex
	calls map[payments.Operation]int
}

// allCaps declares everything, in RUB only.
func allCaps() payments.Capabilities {
	return payments.Capabilities{
		Operations:     payments.Operations(),
		Currencies:     []payments.Currency{payments.RUB},
		PartialRefunds: true,
		Receipts:       true,
		CardPayments:   true,
		ThreeDS:        true,
		Metadata:       true,
	}
}

func newStub() *stub { return &stub{caps: allCaps()} }

func (s *stub) count(op payments.Operation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.calls == nil {
		s.calls = map[payments.Operation]int{}
	}
	s.calls[op]++
}

// Calls returns how many times op reached the provider.
func (s *stub) Calls(op payments.Operation) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Total returns how many calls of any operation reached the provider.
func (s *stub) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

func (s *stub) Name() string                        { return "stub" }
func (s *stub) Capabilities() payments.Capabilities { return s.caps }

func (s *stub) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	s.count(payments.OpInitPayment)
	if s.initFn != nil {
		return s.initFn(ctx, req)
	}
	return &payments.Payment{
		OrderID: req.OrderID, ID: "p-" + req.OrderID, Status: payments.StatusPending, Amount: req.Amount,
		NextStep: payments.NextStep{Kind: payments.NextRedirect, URL: "https://pay.example/" + req.OrderID},
	}, nil
}

func (s *stub) PaymentStatus(ctx context.Context, orderID string) (*payments.Payment, error) {
	s.count(payments.OpPaymentStatus)
	if s.statusFn != nil {
		return s.statusFn(ctx, orderID)
	}
	return &payments.Payment{OrderID: orderID, Status: payments.StatusSucceeded, Amount: rub("10.00")}, nil
}

func (s *stub) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	s.count(payments.OpRefund)
	if s.refundFn != nil {
		return s.refundFn(ctx, req)
	}
	r := &payments.Refund{ID: "r-1", OrderID: req.OrderID, Status: payments.StatusProcessing}
	if req.Amount != nil {
		r.Amount = *req.Amount
	}
	return r, nil
}

func (s *stub) RefundStatus(ctx context.Context, id string) (*payments.Refund, error) {
	s.count(payments.OpRefundStatus)
	if s.refundStatusFn != nil {
		return s.refundStatusFn(ctx, id)
	}
	return &payments.Refund{ID: id, Status: payments.StatusSucceeded}, nil
}

func (s *stub) Balance(ctx context.Context, cur payments.Currency) (*payments.Balance, error) {
	s.count(payments.OpBalance)
	if s.balanceFn != nil {
		return s.balanceFn(ctx, cur)
	}
	return &payments.Balance{Available: payments.MustParseMoney("100", cur)}, nil
}

func (s *stub) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	s.count(payments.OpWithdraw)
	if s.withdrawFn != nil {
		return s.withdrawFn(ctx, req)
	}
	return &payments.Withdrawal{ID: "w-1", OrderID: req.OrderID, Amount: req.Amount, Status: payments.StatusProcessing}, nil
}

func (s *stub) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	s.count(payments.OpWithdrawalStatus)
	if s.withdrawalStatusFn != nil {
		return s.withdrawalStatusFn(ctx, q)
	}
	return &payments.Withdrawal{ID: "w-1", OrderID: q.OrderID, Status: payments.StatusSucceeded}, nil
}

// VerifyWebhook reads a form body "id=...&order=...&amount=...&status=...&sig=good".
func (s *stub) VerifyWebhook(ctx context.Context, r *http.Request) (*payments.Event, error) {
	s.count(payments.OpVerifyWebhook)
	if s.webhookFn != nil {
		return s.webhookFn(ctx, r)
	}
	return stubVerify(r)
}

func stubVerify(r *http.Request) (*payments.Event, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, &payments.Error{Kind: payments.ErrInvalidRequest, Message: "reading the body", Err: err}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "body: %w", err)
	}
	if form.Get("sig") != "good" {
		return nil, payments.NewError(payments.ErrInvalidSignature, "", "bad signature")
	}
	if form.Get("id") == "" || form.Get("order") == "" {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "missing id or order")
	}
	amount, err := payments.ParseMoney(form.Get("amount"), payments.RUB)
	if err != nil {
		return nil, err
	}
	status := payments.Status(form.Get("status"))
	if status == "" {
		status = payments.StatusSucceeded
	}
	return &payments.Event{
		ID: form.Get("id"), Type: payments.EventPayment, OrderID: form.Get("order"),
		Status: status, Amount: amount,
		Ack: payments.Ack{StatusCode: http.StatusAccepted, ContentType: "application/json", Body: `{"ok":"` + form.Get("order") + `"}`},
	}, nil
}

// bare implements only Provider (no optional interface) but may declare
// every operation.
type bare struct{ s *stub }

func (b bare) Name() string                        { return b.s.Name() }
func (b bare) Capabilities() payments.Capabilities { return b.s.Capabilities() }
func (b bare) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	return b.s.InitPayment(ctx, req)
}
func (b bare) PaymentStatus(ctx context.Context, id string) (*payments.Payment, error) {
	return b.s.PaymentStatus(ctx, id)
}

var testNow = time.Date(2026, time.May, 15, 12, 0, 0, 0, time.UTC)

func newClient(t *testing.T, p payments.Provider, opts *payments.Options) *payments.Client {
	t.Helper()
	if opts == nil {
		opts = &payments.Options{}
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return testNow }
	}
	if opts.Retry.InitialDelay == 0 {
		opts.Retry.InitialDelay = time.Millisecond
	}
	c, err := payments.New(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

func ptr[T any](v T) *T { return &v }

// validInit is a request that every field of allCaps accepts.
func validInit() *payments.InitRequest {
	card := testCard()
	return &payments.InitRequest{
		OrderID: "1001", Amount: rub("10.00"), Description: "Order 1001", Email: "buyer@example.com",
		ExpiresAt: testNow.Add(time.Hour),
		Metadata:  map[string]string{"k": "v"},
		Receipt: &payments.Receipt{Items: []payments.ReceiptItem{
			{Name: "Tea", Quantity: decimal.NewFromInt(2), Amount: rub("6.00"), Tax: "none"},
			{Name: "Cup", Quantity: decimal.NewFromInt(1), Amount: rub("4"), Tax: "none"},
		}},
		Card:    &card,
		Browser: &payments.BrowserData{IP: "192.0.2.1", UserAgent: "test"},
	}
}

// wantErr checks that err wraps kind and is one *payments.Error with op and
// the stub's name filled in.
func wantErr(t *testing.T, err error, kind error, op payments.Operation) *payments.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded, want an error wrapping %v", op, kind)
	}
	if !errors.Is(err, kind) {
		t.Errorf("%s error %v does not wrap %v", op, err, kind)
	}
	var pe *payments.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%s error %T is not a *payments.Error", op, err)
	}
	if pe.Op != op || pe.Provider != "stub" {
		t.Errorf("%s error has Op %q, Provider %q; want %q, \"stub\"", op, pe.Op, pe.Provider, op)
	}
	if !strings.HasPrefix(err.Error(), "payments: stub: "+string(op)+": ") {
		t.Errorf("error string %q does not start with the provider and op", err)
	}
	if strings.Count(err.Error(), "payments: stub") != 1 {
		t.Errorf("error %q is wrapped more than once", err)
	}
	return pe
}

func TestClientNew(t *testing.T) {
	t.Parallel()
	if c, err := payments.New(nil, nil); err == nil || c != nil {
		t.Errorf("New(nil) = %v, %v; want an error", c, err)
	}
	s := newStub()
	c, err := payments.New(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Provider() != payments.Provider(s) {
		t.Error("Provider() is not the stub")
	}
	if !c.Capabilities().Receipts || len(c.Capabilities().Operations) != len(payments.Operations()) {
		t.Errorf("Capabilities() = %+v", c.Capabilities())
	}
}

func TestClientValidInitReachesProvider(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.caps.MaxDescription = 5
	c := newClient(t, s, nil)
	req := validInit()
	req.OrderID = strings.Repeat("x", 128)
	req.Description = "абвгд" // 5 characters, 10 bytes
	p, err := c.InitPayment(context.Background(), req)
	if err != nil {
		t.Fatalf("InitPayment = %v", err)
	}
	if p.OrderID != req.OrderID || p.NextStep.Kind != payments.NextRedirect {
		t.Errorf("InitPayment = %+v", p)
	}
	if n := s.Calls(payments.OpInitPayment); n != 1 {
		t.Errorf("provider called %d times, want 1", n)
	}
}

func TestClientValidatesBeforeDispatch(t *testing.T) {
	t.Parallel()
	init := func(edit func(*payments.InitRequest)) func(context.Context, *payments.Client) error {
		return func(ctx context.Context, c *payments.Client) error {
			req := validInit()
			edit(req)
			_, err := c.InitPayment(ctx, req)
			return err
		}
	}
	noCaps := func(edit func(*payments.Capabilities)) func(*payments.Capabilities) { return edit }
	tests := []struct {
		name string
		caps func(*payments.Capabilities)
		call func(context.Context, *payments.Client) error
		op   payments.Operation
		kind error
	}{
		{"nil init request", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.InitPayment(ctx, nil); return err }, payments.OpInitPayment, payments.ErrInvalidRequest},
		{"empty order id", nil, init(func(r *payments.InitRequest) { r.OrderID = "" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"129-byte order id", nil, init(func(r *payments.InitRequest) { r.OrderID = strings.Repeat("1", 129) }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"newline in order id", nil, init(func(r *payments.InitRequest) { r.OrderID = "10\n01" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"NUL in order id", nil, init(func(r *payments.InitRequest) { r.OrderID = "10\x0001" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"DEL in order id", nil, init(func(r *payments.InitRequest) { r.OrderID = "10\x7f" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"invalid UTF-8 order id", nil, init(func(r *payments.InitRequest) { r.OrderID = "\xff\xfe" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"non-numeric order id", noCaps(func(c *payments.Capabilities) { c.NumericOrderIDs = true }), init(func(r *payments.InitRequest) { r.OrderID = "A1001" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"leading zero order id", noCaps(func(c *payments.Capabilities) { c.NumericOrderIDs = true }), init(func(r *payments.InitRequest) { r.OrderID = "01001" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"negative order id", noCaps(func(c *payments.Capabilities) { c.NumericOrderIDs = true }), init(func(r *payments.InitRequest) { r.OrderID = "-1" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"19-digit order id", noCaps(func(c *payments.Capabilities) { c.NumericOrderIDs = true }), init(func(r *payments.InitRequest) { r.OrderID = "1234567890123456789" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"zero amount", nil, init(func(r *payments.InitRequest) { r.Amount, r.Receipt = rub("0"), nil }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"negative amount", nil, init(func(r *payments.InitRequest) { r.Amount, r.Receipt = rub("-10"), nil }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"zero Money", nil, init(func(r *payments.InitRequest) { r.Amount, r.Receipt = payments.Money{}, nil }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"excess precision", nil, init(func(r *payments.InitRequest) {
			r.Amount, r.Receipt = payments.Money{Amount: decimal.RequireFromString("10.001"), Currency: payments.RUB}, nil
		}), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"unknown currency", nil, init(func(r *payments.InitRequest) {
			r.Amount, r.Receipt = payments.Money{Amount: decimal.NewFromInt(10), Currency: "XYZ"}, nil
		}), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"undeclared currency", nil, init(func(r *payments.InitRequest) {
			r.Amount, r.Receipt = payments.MustParseMoney("10", payments.USD), nil
		}), payments.OpInitPayment, errors.ErrUnsupported},
		{"description too long", noCaps(func(c *payments.Capabilities) { c.MaxDescription = 5 }), init(func(r *payments.InitRequest) { r.Description = "абвгде" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"description invalid UTF-8", nil, init(func(r *payments.InitRequest) { r.Description = "ok\xff" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"e-mail without @", nil, init(func(r *payments.InitRequest) { r.Email = "buyer.example.com" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"e-mail with space", nil, init(func(r *payments.InitRequest) { r.Email = "buyer @example.com" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"expiry in the past", nil, init(func(r *payments.InitRequest) { r.ExpiresAt = testNow.Add(-time.Second) }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"expiry now", nil, init(func(r *payments.InitRequest) { r.ExpiresAt = testNow }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"metadata undeclared", noCaps(func(c *payments.Capabilities) { c.Metadata = false }), init(func(*payments.InitRequest) {}), payments.OpInitPayment, errors.ErrUnsupported},
		{"receipt undeclared", noCaps(func(c *payments.Capabilities) { c.Receipts = false }), init(func(*payments.InitRequest) {}), payments.OpInitPayment, errors.ErrUnsupported},
		{"card undeclared", noCaps(func(c *payments.Capabilities) { c.CardPayments = false }), init(func(*payments.InitRequest) {}), payments.OpInitPayment, errors.ErrUnsupported},
		{"browser undeclared", noCaps(func(c *payments.Capabilities) { c.ThreeDS = false }), init(func(*payments.InitRequest) {}), payments.OpInitPayment, errors.ErrUnsupported},
		{"receipt does not add up", nil, init(func(r *payments.InitRequest) { r.Receipt.Items[1].Amount = rub("4.01") }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"receipt without items", nil, init(func(r *payments.InitRequest) { r.Receipt.Items = nil }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"receipt item without name", nil, init(func(r *payments.InitRequest) { r.Receipt.Items[0].Name = "  " }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"receipt item zero quantity", nil, init(func(r *payments.InitRequest) { r.Receipt.Items[0].Quantity = decimal.Zero }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"receipt item other currency", nil, init(func(r *payments.InitRequest) {
			r.Receipt.Items[1].Amount = payments.MustParseMoney("4", payments.USD)
		}), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"receipt item negative", nil, init(func(r *payments.InitRequest) {
			r.Receipt.Items[0].Amount, r.Receipt.Items[1].Amount = rub("14"), rub("-4")
		}), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"card fails Luhn", nil, init(func(r *payments.InitRequest) { r.Card.Number = "4111111111111112" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"card expired", nil, init(func(r *payments.InitRequest) { r.Card.ExpMonth, r.Card.ExpYear = 4, 2026 }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"card CVC short", nil, init(func(r *payments.InitRequest) { r.Card.CVC = "12" }), payments.OpInitPayment, payments.ErrInvalidRequest},
		{"card non-digits", nil, init(func(r *payments.InitRequest) { r.Card.Number = "4111x11111111111" }), payments.OpInitPayment, payments.ErrInvalidRequest},

		{"status empty order id", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.PaymentStatus(ctx, ""); return err }, payments.OpPaymentStatus, payments.ErrInvalidRequest},
		{"status control char", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.PaymentStatus(ctx, "1\r2")
			return err
		}, payments.OpPaymentStatus, payments.ErrInvalidRequest},
		{"status non-numeric", noCaps(func(c *payments.Capabilities) { c.NumericOrderIDs = true }), func(ctx context.Context, c *payments.Client) error { _, err := c.PaymentStatus(ctx, "abc"); return err }, payments.OpPaymentStatus, payments.ErrInvalidRequest},
		{"confirm zero expected", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.ConfirmPayment(ctx, "1001", payments.Money{})
			return err
		}, payments.OpPaymentStatus, payments.ErrInvalidRequest},
		{"confirm excess precision", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.ConfirmPayment(ctx, "1001", payments.Money{Amount: decimal.RequireFromString("1.001"), Currency: payments.RUB})
			return err
		}, payments.OpPaymentStatus, payments.ErrInvalidRequest},

		{"refund nil", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.Refund(ctx, nil); return err }, payments.OpRefund, payments.ErrInvalidRequest},
		{"refund empty order", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{})
			return err
		}, payments.OpRefund, payments.ErrInvalidRequest},
		{"refund negative", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Amount: ptr(rub("-1"))})
			return err
		}, payments.OpRefund, payments.ErrInvalidRequest},
		{"refund excess precision", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Amount: &payments.Money{Amount: decimal.RequireFromString("0.001"), Currency: payments.RUB}})
			return err
		}, payments.OpRefund, payments.ErrInvalidRequest},
		{"refund undeclared currency", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Amount: ptr(payments.MustParseMoney("1", payments.EUR))})
			return err
		}, payments.OpRefund, errors.ErrUnsupported},
		{"refund receipt undeclared", noCaps(func(c *payments.Capabilities) { c.Receipts = false }), func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Receipt: &payments.Receipt{}})
			return err
		}, payments.OpRefund, errors.ErrUnsupported},
		{"refund receipt does not add up", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1", Amount: ptr(rub("5")), Receipt: &payments.Receipt{Items: []payments.ReceiptItem{
				{Name: "Tea", Quantity: decimal.NewFromInt(1), Amount: rub("4")},
			}}})
			return err
		}, payments.OpRefund, payments.ErrInvalidRequest},
		{"refund status empty id", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.RefundStatus(ctx, ""); return err }, payments.OpRefundStatus, payments.ErrInvalidRequest},
		{"refund status long id", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.RefundStatus(ctx, strings.Repeat("r", 257))
			return err
		}, payments.OpRefundStatus, payments.ErrInvalidRequest},
		{"balance unknown currency", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.Balance(ctx, "XYZ"); return err }, payments.OpBalance, payments.ErrInvalidRequest},
		{"withdraw nil", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.Withdraw(ctx, nil); return err }, payments.OpWithdraw, payments.ErrInvalidRequest},
		{"withdraw no card", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50")})
			return err
		}, payments.OpWithdraw, payments.ErrInvalidRequest},
		{"withdraw bad card", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: "4111111111111112"}})
			return err
		}, payments.OpWithdraw, payments.ErrInvalidRequest},
		{"withdraw zero amount", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("0"), Card: &payments.Card{Number: testPAN}})
			return err
		}, payments.OpWithdraw, payments.ErrInvalidRequest},
		{"withdraw bad order id", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "", Amount: rub("50"), Card: &payments.Card{Number: testPAN}})
			return err
		}, payments.OpWithdraw, payments.ErrInvalidRequest},
		{"withdrawal status both ids", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "w-1", OrderID: "2001"})
			return err
		}, payments.OpWithdrawalStatus, payments.ErrInvalidRequest},
		{"withdrawal status no id", nil, func(ctx context.Context, c *payments.Client) error {
			_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{})
			return err
		}, payments.OpWithdrawalStatus, payments.ErrInvalidRequest},
		{"webhook nil request", nil, func(ctx context.Context, c *payments.Client) error { _, err := c.VerifyWebhook(ctx, nil); return err }, payments.OpVerifyWebhook, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.caps != nil {
				tt.caps(&s.caps)
			}
			c := newClient(t, s, nil)
			err := tt.call(context.Background(), c)
			wantErr(t, err, tt.kind, tt.op)
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid request", n)
			}
		})
	}
}

// calls of every optional operation, with valid input.
var optionalOps = []struct {
	op   payments.Operation
	call func(context.Context, *payments.Client) error
}{
	{payments.OpRefund, func(ctx context.Context, c *payments.Client) error {
		_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Amount: ptr(rub("4"))})
		return err
	}},
	{payments.OpRefundStatus, func(ctx context.Context, c *payments.Client) error { _, err := c.RefundStatus(ctx, "r-1"); return err }},
	{payments.OpBalance, func(ctx context.Context, c *payments.Client) error {
		_, err := c.Balance(ctx, payments.RUB)
		return err
	}},
	{payments.OpWithdraw, func(ctx context.Context, c *payments.Client) error {
		_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: testPAN}})
		return err
	}},
	{payments.OpWithdrawalStatus, func(ctx context.Context, c *payments.Client) error {
		_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
		return err
	}},
	{payments.OpVerifyWebhook, func(ctx context.Context, c *payments.Client) error {
		r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/hook", strings.NewReader("id=e1&order=1001&amount=10.00&sig=good"))
		_, err := c.VerifyWebhook(ctx, r)
		return err
	}},
}

func TestClientUnsupportedOperations(t *testing.T) {
	t.Parallel()
	for _, o := range optionalOps {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()

			// Declared and implemented: works.
			s := newStub()
			if err := o.call(context.Background(), newClient(t, s, nil)); err != nil {
				t.Fatalf("declared and implemented: %v", err)
			}
			if n := s.Calls(o.op); n != 1 {
				t.Errorf("declared and implemented: provider called %d times, want 1", n)
			}

			// Implemented but not declared.
			s = newStub()
			s.caps.Operations = nil
			pe := wantErr(t, o.call(context.Background(), newClient(t, s, nil)), errors.ErrUnsupported, o.op)
			if pe.Kind != errors.ErrUnsupported {
				t.Errorf("Kind = %v, want errors.ErrUnsupported", pe.Kind)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("undeclared: provider called %d times", n)
			}

			// Declared but not implemented.
			s = newStub()
			wantErr(t, o.call(context.Background(), newClient(t, bare{s}, nil)), errors.ErrUnsupported, o.op)
			if n := s.Total(); n != 0 {
				t.Errorf("not implemented: provider called %d times", n)
			}
		})
	}
}

func TestClientRequiredOperationsAlwaysSupported(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.caps = payments.Capabilities{Currencies: []payments.Currency{payments.RUB}}
	c := newClient(t, bare{s}, nil)
	if _, err := c.InitPayment(context.Background(), &payments.InitRequest{OrderID: "1", Amount: rub("1")}); err != nil {
		t.Errorf("InitPayment = %v", err)
	}
	if _, err := c.PaymentStatus(context.Background(), "1"); err != nil {
		t.Errorf("PaymentStatus = %v", err)
	}
}

func TestClientErrorWrapping(t *testing.T) {
	t.Parallel()
	declined := func() error { return payments.NewError(payments.ErrDeclined, "05", "Do not honor") }

	t.Run("provider *Error", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		orig := payments.NewError(payments.ErrDeclined, "05", "Do not honor")
		s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, orig }
		_, err := newClient(t, s, nil).InitPayment(context.Background(), validInit())
		pe := wantErr(t, err, payments.ErrDeclined, payments.OpInitPayment)
		if got, want := err.Error(), "payments: stub: init_payment: declined [code 05]: Do not honor"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
		if pe.Code != "05" || pe.Message != "Do not honor" || pe.Err != nil {
			t.Errorf("*Error = %+v, want the provider's code and message and no nested cause", pe)
		}
		if orig.Op != "" || orig.Provider != "" {
			t.Errorf("the provider's own *Error was modified: %+v", orig)
		}
	})

	t.Run("provider *Error wrapped with %w", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		s.statusFn = func(context.Context, string) (*payments.Payment, error) {
			return nil, fmt.Errorf("lookup: %w", payments.NewError(payments.ErrNotFound, "404", "no such order"))
		}
		_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1999")
		pe := wantErr(t, err, payments.ErrNotFound, payments.OpPaymentStatus)
		if pe.Kind != payments.ErrNotFound {
			t.Errorf("Kind = %v", pe.Kind)
		}
		if !strings.Contains(err.Error(), "no such order") {
			t.Errorf("Error() = %q lost the provider's message", err)
		}
	})

	for _, o := range []struct {
		op   payments.Operation
		set  func(*stub, error)
		call func(context.Context, *payments.Client) error
	}{
		{payments.OpInitPayment, func(s *stub, e error) {
			s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, e }
		}, func(ctx context.Context, c *payments.Client) error {
			_, err := c.InitPayment(ctx, validInit())
			return err
		}},
		{payments.OpRefund, func(s *stub, e error) {
			s.refundFn = func(context.Context, *payments.RefundRequest) (*payments.Refund, error) { return nil, e }
		}, optionalOps[0].call},
		{payments.OpWithdraw, func(s *stub, e error) {
			s.withdrawFn = func(context.Context, *payments.WithdrawalRequest) (*payments.Withdrawal, error) { return nil, e }
		}, optionalOps[3].call},
	} {
		t.Run("plain error from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			plain := errors.New("connection reset by peer")
			s := newStub()
			o.set(s, plain)
			err := o.call(context.Background(), newClient(t, s, nil))
			pe := wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
			if !errors.Is(err, plain) || pe.Kind != payments.ErrOutcomeUnknown {
				t.Errorf("error %v lost the cause or the kind", err)
			}
		})
		t.Run("context error from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			o.set(s, fmt.Errorf("post: %w", context.DeadlineExceeded))
			err := o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrOutcomeUnknown, o.op)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v lost the context error", err)
			}
		})
		t.Run("declined from "+string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			o.set(s, declined())
			err := o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrDeclined, o.op)
			if errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Errorf("a classified decline became outcome unknown: %v", err)
			}
		})
	}

	t.Run("plain error from a read", func(t *testing.T) {
		t.Parallel()
		plain := errors.New("weird")
		s := newStub()
		s.statusFn = func(context.Context, string) (*payments.Payment, error) { return nil, plain }
		_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1001")
		wantErr(t, err, plain, payments.OpPaymentStatus)
		if errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("a read error became outcome unknown: %v", err)
		}
	})

	t.Run("unsupported from the provider", func(t *testing.T) {
		t.Parallel()
		s := newStub()
		s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) {
			return nil, fmt.Errorf("no balance API: %w", errors.ErrUnsupported)
		}
		_, err := newClient(t, s, nil).Balance(context.Background(), payments.RUB)
		if pe := wantErr(t, err, errors.ErrUnsupported, payments.OpBalance); pe.Kind != errors.ErrUnsupported {
			t.Errorf("Kind = %v", pe.Kind)
		}
	})

	for _, ctxErr := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run("context error passes through a read: "+ctxErr.Error(), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.statusFn = func(context.Context, string) (*payments.Payment, error) { return nil, ctxErr }
			_, err := newClient(t, s, nil).PaymentStatus(context.Background(), "1001")
			if !errors.Is(err, ctxErr) {
				t.Fatalf("PaymentStatus = %v, want %v", err, ctxErr)
			}
			var pe *payments.Error
			if errors.As(err, &pe) {
				t.Errorf("context error was wrapped: %v", err)
			}
		})
	}
}

// An unclassified *Error (nil Kind) from an operation that moves money must
// not look like a definite failure: the app would retry and pay twice.
func TestClientUnclassifiedErrorFromMoneyMovingOp(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
		return nil, &payments.Error{Message: "gateway said something odd"}
	}
	_, err := newClient(t, s, nil).InitPayment(context.Background(), validInit())
	wantErr(t, err, payments.ErrOutcomeUnknown, payments.OpInitPayment)
}

func TestClientCanceledContextStopsBeforeProvider(t *testing.T) {
	t.Parallel()
	calls := append([]struct {
		op   payments.Operation
		call func(context.Context, *payments.Client) error
	}{
		{payments.OpInitPayment, func(ctx context.Context, c *payments.Client) error {
			_, err := c.InitPayment(ctx, validInit())
			return err
		}},
		{payments.OpPaymentStatus, func(ctx context.Context, c *payments.Client) error {
			_, err := c.PaymentStatus(ctx, "1001")
			return err
		}},
		{payments.OpPaymentStatus, func(ctx context.Context, c *payments.Client) error {
			_, err := c.ConfirmPayment(ctx, "1001", rub("10"))
			return err
		}},
	}, optionalOps[:5]...)
	for _, o := range calls {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()
			s := newStub()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := o.call(ctx, newClient(t, s, nil))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s with a canceled context = %v, want context.Canceled", o.op, err)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times with a canceled context", n)
			}
		})
	}
}

// readOps are the retried reads: set installs a hook whose failures come
// from fail (nil means success), call runs the read with valid input.
var readOps = []struct {
	op   payments.Operation
	set  func(s *stub, fail func() error)
	call func(context.Context, *payments.Client) error
}{
	{payments.OpPaymentStatus, func(s *stub, fail func() error) {
		s.statusFn = func(_ context.Context, id string) (*payments.Payment, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &payments.Payment{OrderID: id, Status: payments.StatusSucceeded, Amount: rub("10")}, nil
		}
	}, func(ctx context.Context, c *payments.Client) error {
		_, err := c.PaymentStatus(ctx, "1001")
		return err
	}},
	{payments.OpRefundStatus, func(s *stub, fail func() error) {
		s.refundStatusFn = func(_ context.Context, id string) (*payments.Refund, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &payments.Refund{ID: id, Status: payments.StatusSucceeded}, nil
		}
	}, optionalOps[1].call},
	{payments.OpBalance, func(s *stub, fail func() error) {
		s.balanceFn = func(_ context.Context, cur payments.Currency) (*payments.Balance, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &payments.Balance{Available: payments.MustParseMoney("1", cur)}, nil
		}
	}, optionalOps[2].call},
	{payments.OpWithdrawalStatus, func(s *stub, fail func() error) {
		s.withdrawalStatusFn = func(_ context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
			if err := fail(); err != nil {
				return nil, err
			}
			return &payments.Withdrawal{OrderID: q.OrderID, Status: payments.StatusSucceeded}, nil
		}
	}, optionalOps[4].call},
}

// failing returns a func that returns errs one by one, then nil.
func failing(errs ...error) func() error {
	var mu sync.Mutex
	return func() error {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

func TestClientRetriesReads(t *testing.T) {
	t.Parallel()
	unavailable := func() error { return payments.NewError(payments.ErrUnavailable, "", "down") }
	limited := func() error { return payments.NewError(payments.ErrRateLimited, "429", "slow down") }
	for _, o := range readOps {
		t.Run(string(o.op), func(t *testing.T) {
			t.Parallel()

			// Always unavailable: MaxAttempts tries, then the error.
			s := newStub()
			o.set(s, func() error { return unavailable() })
			err := o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 4}}))
			wantErr(t, err, payments.ErrUnavailable, o.op)
			if n := s.Calls(o.op); n != 4 {
				t.Errorf("always unavailable: %d calls, want 4", n)
			}

			// Default MaxAttempts is 3.
			s = newStub()
			o.set(s, func() error { return limited() })
			err = o.call(context.Background(), newClient(t, s, nil))
			wantErr(t, err, payments.ErrRateLimited, o.op)
			if n := s.Calls(o.op); n != 3 {
				t.Errorf("default policy: %d calls, want 3", n)
			}

			// Two transient failures, then success.
			s = newStub()
			o.set(s, failing(limited(), unavailable()))
			if err := o.call(context.Background(), newClient(t, s, nil)); err != nil {
				t.Errorf("after two transient failures: %v", err)
			}
			if n := s.Calls(o.op); n != 3 {
				t.Errorf("transient failures: %d calls, want 3", n)
			}

			// MaxAttempts 1 disables retries.
			s = newStub()
			o.set(s, failing(unavailable()))
			err = o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 1}}))
			wantErr(t, err, payments.ErrUnavailable, o.op)
			if n := s.Calls(o.op); n != 1 {
				t.Errorf("MaxAttempts 1: %d calls, want 1", n)
			}

			// Other errors are not retried.
			for _, kind := range []error{payments.ErrNotFound, payments.ErrUnauthorized, payments.ErrProtocol, payments.ErrOutcomeUnknown} {
				s = newStub()
				o.set(s, failing(payments.NewError(kind, "", "no")))
				err = o.call(context.Background(), newClient(t, s, nil))
				wantErr(t, err, kind, o.op)
				if n := s.Calls(o.op); n != 1 {
					t.Errorf("%v: %d calls, want 1", kind, n)
				}
			}
		})
	}
}

func TestClientRetryBackoffHonoursContext(t *testing.T) {
	t.Parallel()
	s := newStub()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		cancel() // canceled while the client waits to retry
		return nil, payments.NewError(payments.ErrUnavailable, "", "down")
	}
	c := newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 5, InitialDelay: time.Hour, MaxDelay: time.Hour}})
	_, err := c.PaymentStatus(ctx, "1001")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("PaymentStatus = %v, want context.Canceled", err)
	}
	if n := s.Calls(payments.OpPaymentStatus); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

func TestClientNeverRetriesMoneyMovingOps(t *testing.T) {
	t.Parallel()
	for _, kind := range []error{payments.ErrUnavailable, payments.ErrOutcomeUnknown, payments.ErrRateLimited} {
		for _, o := range []struct {
			op   payments.Operation
			set  func(*stub, error)
			call func(context.Context, *payments.Client) error
		}{
			{payments.OpInitPayment, func(s *stub, e error) {
				s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, e }
			}, func(ctx context.Context, c *payments.Client) error {
				_, err := c.InitPayment(ctx, validInit())
				return err
			}},
			{payments.OpRefund, func(s *stub, e error) {
				s.refundFn = func(context.Context, *payments.RefundRequest) (*payments.Refund, error) { return nil, e }
			}, optionalOps[0].call},
			{payments.OpWithdraw, func(s *stub, e error) {
				s.withdrawFn = func(context.Context, *payments.WithdrawalRequest) (*payments.Withdrawal, error) { return nil, e }
			}, optionalOps[3].call},
		} {
			t.Run(string(o.op)+" "+kind.Error(), func(t *testing.T) {
				t.Parallel()
				s := newStub()
				o.set(s, payments.NewError(kind, "", "x"))
				err := o.call(context.Background(), newClient(t, s, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 5}}))
				wantErr(t, err, kind, o.op)
				if n := s.Calls(o.op); n != 1 {
					t.Errorf("%s called %d times, want exactly 1", o.op, n)
				}
			})
		}
	}
}

func TestClientIntegrity(t *testing.T) {
	t.Parallel()
	payment := func(p payments.Payment) func(context.Context, *payments.InitRequest) (*payments.Payment, error) {
		return func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return &p, nil }
	}
	status := func(p *payments.Payment) func(context.Context, string) (*payments.Payment, error) {
		return func(context.Context, string) (*payments.Payment, error) { return p, nil }
	}
	initCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.InitPayment(ctx, validInit())
		return err
	}
	statusCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.PaymentStatus(ctx, "1001")
		return err
	}
	confirmCall := func(ctx context.Context, c *payments.Client) error {
		_, err := c.ConfirmPayment(ctx, "1001", rub("10"))
		return err
	}
	tests := []struct {
		name string
		set  func(*stub)
		call func(context.Context, *payments.Client) error
		op   payments.Operation
		kind error // nil: success
	}{
		{"init echo", nil, initCall, payments.OpInitPayment, nil},
		{"init trailing zeros differ", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("10.0")})
		}, initCall, payments.OpInitPayment, nil},
		{"init no amount reported", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending})
		}, initCall, payments.OpInitPayment, nil},
		{"init other amount", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("11.00")})
		}, initCall, payments.OpInitPayment, payments.ErrAmountMismatch},
		{"init other currency", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: payments.MustParseMoney("10.00", payments.USD)})
		}, initCall, payments.OpInitPayment, payments.ErrAmountMismatch},
		{"init zero in RUB", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: payments.StatusPending, Amount: rub("0")})
		}, initCall, payments.OpInitPayment, payments.ErrAmountMismatch},
		{"init other order", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1002", Status: payments.StatusPending, Amount: rub("10")})
		}, initCall, payments.OpInitPayment, payments.ErrAmountMismatch},
		{"init invalid status", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Status: "paid", Amount: rub("10")})
		}, initCall, payments.OpInitPayment, payments.ErrProtocol},
		{"init empty status", func(s *stub) {
			s.initFn = payment(payments.Payment{OrderID: "1001", Amount: rub("10")})
		}, initCall, payments.OpInitPayment, payments.ErrProtocol},
		{"init nil payment", func(s *stub) {
			s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, nil }
		}, initCall, payments.OpInitPayment, payments.ErrProtocol},
		{"status other order", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1002", Status: payments.StatusSucceeded})
		}, statusCall, payments.OpPaymentStatus, payments.ErrAmountMismatch},
		{"status invalid status", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1001", Status: "SUCCEEDED"})
		}, statusCall, payments.OpPaymentStatus, payments.ErrProtocol},
		{"status nil", func(s *stub) { s.statusFn = status(nil) }, statusCall, payments.OpPaymentStatus, payments.ErrProtocol},
		{"confirm matches", nil, confirmCall, payments.OpPaymentStatus, nil},
		{"confirm trailing zeros", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: rub("10.0")})
		}, confirmCall, payments.OpPaymentStatus, nil},
		{"confirm other amount", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: rub("9.99")})
		}, confirmCall, payments.OpPaymentStatus, payments.ErrAmountMismatch},
		{"confirm other currency", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded, Amount: payments.MustParseMoney("10", payments.KZT)})
		}, confirmCall, payments.OpPaymentStatus, payments.ErrAmountMismatch},
		{"confirm missing amount", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1001", Status: payments.StatusSucceeded})
		}, confirmCall, payments.OpPaymentStatus, payments.ErrAmountMismatch},
		{"confirm other order", func(s *stub) {
			s.statusFn = status(&payments.Payment{OrderID: "1009", Status: payments.StatusSucceeded, Amount: rub("10")})
		}, confirmCall, payments.OpPaymentStatus, payments.ErrAmountMismatch},
		{"refund other amount", func(s *stub) {
			s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
				return &payments.Refund{ID: "r", OrderID: r.OrderID, Status: payments.StatusProcessing, Amount: rub("5")}, nil
			}
		}, optionalOps[0].call, payments.OpRefund, payments.ErrAmountMismatch},
		{"refund invalid status", func(s *stub) {
			s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
				return &payments.Refund{ID: "r", OrderID: r.OrderID, Status: "done"}, nil
			}
		}, optionalOps[0].call, payments.OpRefund, payments.ErrProtocol},
		{"refund status invalid status", func(s *stub) {
			s.refundStatusFn = func(context.Context, string) (*payments.Refund, error) {
				return &payments.Refund{ID: "r-1", Status: "?"}, nil
			}
		}, optionalOps[1].call, payments.OpRefundStatus, payments.ErrProtocol},
		{"refund status nil", func(s *stub) {
			s.refundStatusFn = func(context.Context, string) (*payments.Refund, error) { return nil, nil }
		}, optionalOps[1].call, payments.OpRefundStatus, payments.ErrProtocol},
		{"balance other currency", func(s *stub) {
			s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) {
				return &payments.Balance{Available: payments.MustParseMoney("100", payments.USD)}, nil
			}
		}, optionalOps[2].call, payments.OpBalance, payments.ErrAmountMismatch},
		{"balance nil", func(s *stub) {
			s.balanceFn = func(context.Context, payments.Currency) (*payments.Balance, error) { return nil, nil }
		}, optionalOps[2].call, payments.OpBalance, payments.ErrProtocol},
		{"withdraw other amount", func(s *stub) {
			s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
				return &payments.Withdrawal{OrderID: r.OrderID, Amount: rub("49.99"), Status: payments.StatusProcessing}, nil
			}
		}, optionalOps[3].call, payments.OpWithdraw, payments.ErrAmountMismatch},
		{"withdraw other order", func(s *stub) {
			s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
				return &payments.Withdrawal{OrderID: "2002", Amount: r.Amount, Status: payments.StatusProcessing}, nil
			}
		}, optionalOps[3].call, payments.OpWithdraw, payments.ErrAmountMismatch},
		{"withdraw invalid status", func(s *stub) {
			s.withdrawFn = func(_ context.Context, r *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
				return &payments.Withdrawal{OrderID: r.OrderID, Amount: r.Amount, Status: "sent"}, nil
			}
		}, optionalOps[3].call, payments.OpWithdraw, payments.ErrProtocol},
		{"withdrawal status other order", func(s *stub) {
			s.withdrawalStatusFn = func(context.Context, payments.WithdrawalQuery) (*payments.Withdrawal, error) {
				return &payments.Withdrawal{OrderID: "2002", Status: payments.StatusSucceeded}, nil
			}
		}, optionalOps[4].call, payments.OpWithdrawalStatus, payments.ErrAmountMismatch},
		{"webhook without id", func(s *stub) {
			s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
				return &payments.Event{Status: payments.StatusSucceeded}, nil
			}
		}, optionalOps[5].call, payments.OpVerifyWebhook, payments.ErrProtocol},
		{"webhook invalid status", func(s *stub) {
			s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
				return &payments.Event{ID: "e", Status: "ok"}, nil
			}
		}, optionalOps[5].call, payments.OpVerifyWebhook, payments.ErrProtocol},
		{"webhook bad amount", func(s *stub) {
			s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) {
				return &payments.Event{ID: "e", Status: payments.StatusSucceeded, Amount: payments.Money{Amount: decimal.RequireFromString("1.001"), Currency: payments.RUB}}, nil
			}
		}, optionalOps[5].call, payments.OpVerifyWebhook, payments.ErrInvalidRequest},
		{"webhook nil event", func(s *stub) {
			s.webhookFn = func(context.Context, *http.Request) (*payments.Event, error) { return nil, nil }
		}, optionalOps[5].call, payments.OpVerifyWebhook, payments.ErrProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			if tt.set != nil {
				tt.set(s)
			}
			err := tt.call(context.Background(), newClient(t, s, nil))
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("%s = %v, want success", tt.op, err)
				}
				return
			}
			wantErr(t, err, tt.kind, tt.op)
		})
	}
}

func TestClientRefundForAnotherOrder(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.refundFn = func(_ context.Context, r *payments.RefundRequest) (*payments.Refund, error) {
		return &payments.Refund{ID: "r", OrderID: "9999", Status: payments.StatusProcessing, Amount: *r.Amount}, nil
	}
	wantErr(t, optionalOps[0].call(context.Background(), newClient(t, s, nil)), payments.ErrAmountMismatch, payments.OpRefund)
}

func TestClientResultsReturned(t *testing.T) {
	t.Parallel()
	s := newStub()
	c := newClient(t, s, nil)
	ctx := context.Background()
	p, err := c.ConfirmPayment(ctx, "1001", rub("10"))
	if err != nil || p.Status != payments.StatusSucceeded || !p.Amount.Equal(rub("10")) {
		t.Errorf("ConfirmPayment = %+v, %v", p, err)
	}
	r, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002"})
	if err != nil || r.ID != "r-1" || r.OrderID != "1002" {
		t.Errorf("full Refund = %+v, %v", r, err)
	}
	b, err := c.Balance(ctx, payments.RUB)
	if err != nil || !b.Available.Equal(rub("100")) {
		t.Errorf("Balance = %+v, %v", b, err)
	}
	w, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "w-1"})
	if err != nil || w.ID != "w-1" {
		t.Errorf("WithdrawalStatus by id = %+v, %v", w, err)
	}
}

func TestClientLogging(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey { // timestamps could contain the CVC's digits
				return slog.Attr{}
			}
			return a
		},
	}))
	s := newStub()
	s.statusFn = func(context.Context, string) (*payments.Payment, error) {
		return nil, payments.NewError(payments.ErrNotFound, "", "no order")
	}
	c := newClient(t, s, &payments.Options{Logger: log})
	ctx := context.Background()
	if _, err := c.InitPayment(ctx, validInit()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PaymentStatus(ctx, "1003"); err == nil {
		t.Fatal("PaymentStatus succeeded")
	}
	card := testCard()
	if _, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &card}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002"}); err != nil {
		t.Fatal(err)
	}
	// A request refused before dispatch is logged too, with the card masked.
	bad := testCard()
	bad.Number = "4111111111111112"
	if _, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2002", Amount: rub("50"), Card: &bad}); err == nil {
		t.Fatal("Withdraw to a bad card succeeded")
	}
	out := buf.String()
	if strings.Contains(out, bad.Number) {
		t.Errorf("the log holds the refused card number:\n%s", out)
	}
	assertRedacted(t, "client log", out)

	type record struct {
		Level    string `json:"level"`
		Msg      string `json:"msg"`
		Provider string `json:"provider"`
		Op       string `json:"op"`
		OrderID  string `json:"order_id"`
		Error    string `json:"error"`
	}
	var got []record
	for line := range strings.Lines(out) {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []record{
		{Level: "DEBUG", Msg: "payments: init_payment", Provider: "stub", Op: "init_payment", OrderID: "1001"},
		{Level: "WARN", Msg: "payments: payment_status", Provider: "stub", Op: "payment_status", OrderID: "1003", Error: "payments: stub: payment_status: not found: no order"},
		{Level: "DEBUG", Msg: "payments: withdraw", Provider: "stub", Op: "withdraw", OrderID: "2001"},
		{Level: "DEBUG", Msg: "payments: refund", Provider: "stub", Op: "refund", OrderID: "1002"},
		{Level: "WARN", Msg: "payments: withdraw", Provider: "stub", Op: "withdraw", Error: "payments: stub: withdraw: invalid request: card number 411111******1112 fails the Luhn check"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d log records, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
