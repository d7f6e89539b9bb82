package payments_test

import (
	"context"
	"errors"
	"io"
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
	lookupFn           func(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error)
	refundFn           func(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error)
	refundStatusFn     func(ctx context.Context, id string) (*payments.Refund, error)
	refundLookupFn     func(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error)
	balanceFn          func(ctx context.Context, cur payments.Currency) (*payments.Balance, error)
	withdrawFn         func(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error)
	withdrawalStatusFn func(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error)
	webhookFn          func(ctx context.Context, r *http.Request) (*payments.Event, error)
	captureFn          func(ctx context.Context, req *payments.CaptureRequest) (*payments.Payment, error)
	cancelFn           func(ctx context.Context, req *payments.CancelRequest) (*payments.Payment, error)
	chargeFn           func(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error)
	sendReceiptFn      func(ctx context.Context, req *payments.ReceiptRequest) (*payments.FiscalReceipt, error)
	receiptStatusFn    func(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error)

	mu    sync.Mutex
	calls map[payments.Operation]int
}

// allCaps declares everything, in RUB only.
func allCaps() payments.Capabilities {
	return payments.Capabilities{
		Operations:        payments.Operations(),
		Currencies:        []payments.Currency{payments.RUB},
		PartialRefunds:    true,
		PaymentReceipts:   true,
		RefundReceipts:    true,
		CardPayments:      true,
		ThreeDS:           true,
		Metadata:          true,
		LookupByOrderID:   true,
		LookupByPaymentID: true,

		Holds:                true,
		HoldPeriod:           7 * 24 * time.Hour,
		PartialCapture:       true,
		CaptureReceipts:      true,
		Recurring:            true,
		ReceiptsAfterPayment: true,
		PaymentMethods:       []payments.PaymentMethod{payments.MethodCard, payments.MethodSBP},
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

// PaymentStatus calls lookupFn with the query, or statusFn with its order
// id, or echoes the query.
func (s *stub) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	s.count(payments.OpPaymentStatus)
	if s.lookupFn != nil {
		return s.lookupFn(ctx, q)
	}
	if s.statusFn != nil {
		return s.statusFn(ctx, q.OrderID)
	}
	return &payments.Payment{OrderID: q.OrderID, ID: q.PaymentID, Status: payments.StatusSucceeded, Amount: rub("10.00")}, nil
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

func (s *stub) RefundStatus(ctx context.Context, q payments.RefundQuery) (*payments.Refund, error) {
	s.count(payments.OpRefundStatus)
	if s.refundLookupFn != nil {
		return s.refundLookupFn(ctx, q)
	}
	if s.refundStatusFn != nil {
		return s.refundStatusFn(ctx, q.RefundID)
	}
	return &payments.Refund{ID: q.RefundID, Status: payments.StatusSucceeded}, nil
}

func (s *stub) Balance(ctx context.Context, q payments.BalanceQuery) (*payments.Balance, error) {
	s.count(payments.OpBalance)
	if s.balanceFn != nil {
		return s.balanceFn(ctx, q.Currency)
	}
	return &payments.Balance{Available: payments.MustParseMoney("100", q.Currency)}, nil
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
func (b bare) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	return b.s.PaymentStatus(ctx, q)
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

// calls of every optional operation, with valid input.
var optionalOps = []struct {
	op   payments.Operation
	call func(context.Context, *payments.Client) error
}{
	{
		op: payments.OpRefund,
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.Refund(ctx, &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: ptr(rub("4"))})
			return err
		},
	},
	{op: payments.OpRefundStatus, call: func(ctx context.Context, c *payments.Client) error { _, err := c.RefundStatus(ctx, "r-1"); return err }},
	{
		op: payments.OpBalance,
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.Balance(ctx, payments.RUB)
			return err
		},
	},
	{
		op: payments.OpWithdraw,
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: testPAN}})
			return err
		},
	},
	{
		op: payments.OpWithdrawalStatus,
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "2001"})
			return err
		},
	},
	{op: payments.OpCapture, call: callCapture},
	{op: payments.OpCancel, call: callCancel},
	{op: payments.OpCharge, call: callCharge},
	{op: payments.OpSendReceipt, call: callSendReceipt},
	{op: payments.OpReceiptStatus, call: callReceiptStatus},
	{
		op: payments.OpVerifyWebhook,
		call: func(ctx context.Context, c *payments.Client) error {
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/hook", strings.NewReader("id=e1&order=1001&amount=10.00&sig=good"))
			_, err := c.VerifyWebhook(ctx, r)
			return err
		},
	},
}

// optionalCall returns the call of optionalOps for op.
func optionalCall(op payments.Operation) func(context.Context, *payments.Client) error {
	for _, o := range optionalOps {
		if o.op == op {
			return o.call
		}
	}
	panic("no optional call for " + string(op))
}

// moneyOps are the operations that are not resendable (the money-moving
// ones and SendReceipt): set makes the stub's answer to
// op the error e, call calls op through the Client with a valid request.
var moneyOps = []struct {
	op   payments.Operation
	set  func(*stub, error)
	call func(context.Context, *payments.Client) error
}{
	{
		op: payments.OpInitPayment,
		set: func(s *stub, e error) {
			s.initFn = func(context.Context, *payments.InitRequest) (*payments.Payment, error) { return nil, e }
		},
		call: func(ctx context.Context, c *payments.Client) error {
			_, err := c.InitPayment(ctx, validInit())
			return err
		},
	},
	{
		op: payments.OpRefund,
		set: func(s *stub, e error) {
			s.refundFn = func(context.Context, *payments.RefundRequest) (*payments.Refund, error) { return nil, e }
		},
		call: optionalCall(payments.OpRefund),
	},
	{
		op: payments.OpWithdraw,
		set: func(s *stub, e error) {
			s.withdrawFn = func(context.Context, *payments.WithdrawalRequest) (*payments.Withdrawal, error) { return nil, e }
		},
		call: optionalCall(payments.OpWithdraw),
	},
	{
		op: payments.OpCapture,
		set: func(s *stub, e error) {
			s.captureFn = func(context.Context, *payments.CaptureRequest) (*payments.Payment, error) { return nil, e }
		},
		call: callCapture,
	},
	{
		op: payments.OpCancel,
		set: func(s *stub, e error) {
			s.cancelFn = func(context.Context, *payments.CancelRequest) (*payments.Payment, error) { return nil, e }
		},
		call: callCancel,
	},
	{
		op: payments.OpCharge,
		set: func(s *stub, e error) {
			s.chargeFn = func(context.Context, *payments.ChargeRequest) (*payments.Payment, error) { return nil, e }
		},
		call: callCharge,
	},
	{
		// Not money, but a fiscal document: never resent either.
		op: payments.OpSendReceipt,
		set: func(s *stub, e error) {
			s.sendReceiptFn = func(context.Context, *payments.ReceiptRequest) (*payments.FiscalReceipt, error) { return nil, e }
		},
		call: callSendReceipt,
	},
}
