package paymentstest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
)

// lifecycleProvider is what the fake and its HTTP client both implement
// for the lifecycle.
type lifecycleProvider interface {
	payments.Provider
	payments.Capturer
	payments.Canceler
	payments.Charger
	payments.ReceiptSender
}

// both runs fn against the in-process fake and against an HTTPProvider
// over the same kind of fake.
func both(t *testing.T, fn func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider)) {
	t.Helper()
	t.Run("in-process", func(t *testing.T) {
		t.Parallel()
		f := newFake(t)
		fn(t, f, f)
	})
	t.Run("http", func(t *testing.T) {
		t.Parallel()
		f, p := serve(t)
		fn(t, f, p)
	})
}

func holdReq(orderID, amount string) *payments.InitRequest {
	r := initReq(orderID, amount)
	r.Hold = true
	return r
}

func lines(amount string) *payments.Receipt {
	return &payments.Receipt{Items: []payments.ReceiptItem{
		{Name: "Kettle", Quantity: decimal.NewFromInt(1), Amount: rub(amount), Tax: "none", PaymentMethod: "full_payment"},
	}}
}

// A hold is authorized when paid, with HeldUntil HoldPeriod later, and
// captures in full or in part; everything else about it is
// ErrInvalidState (issue 10: capture twice, after cancel, above the hold;
// cancel after capture).
func TestHoldCapture(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider) {
		mustInit(t, p, holdReq("1001", "10.00"))
		if _, err := p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001"}); err == nil {
			t.Fatal("captured a hold the buyer has not paid")
		} else {
			wantKind(t, err, payments.ErrInvalidState)
		}
		if err := f.MarkPaid("1001"); err != nil {
			t.Fatal(err)
		}
		got, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "1001"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != payments.StatusAuthorized || !got.HeldUntil.Equal(fixedNow.Add(paymentstest.HoldPeriod)) {
			t.Errorf("held payment: status %s, HeldUntil %v", got.Status, got.HeldUntil)
		}
		if b := balance(t, f); !b.IsZero() {
			t.Errorf("balance %s while held, want 0", b)
		}
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("10.01"))})
		wantKind(t, err, payments.ErrInvalidState)
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001", Amount: ptr(rub("7.50")), Receipt: lines("7.00")})
		wantKind(t, err, payments.ErrInvalidRequest)
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001", PaymentID: "pay_999"})
		wantKind(t, err, payments.ErrNotFound)

		c, err := p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001", PaymentID: "pay_1", Amount: ptr(rub("7.50")), Receipt: lines("7.50")})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != payments.StatusSucceeded || !c.Amount.Equal(rub("7.50")) || !c.HeldUntil.IsZero() {
			t.Errorf("captured: %s %s held until %v", c.Status, c.Amount, c.HeldUntil)
		}
		if b := balance(t, f); !b.Equal(decimal.RequireFromString("7.5")) {
			t.Errorf("balance %s after capturing 7.50", b)
		}
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001"})
		wantKind(t, err, payments.ErrInvalidState)
		_, err = p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "1001"})
		wantKind(t, err, payments.ErrInvalidState)

		mustInit(t, p, holdReq("1002", "10.00"))
		if err := f.MarkPaid("1002"); err != nil {
			t.Fatal(err)
		}
		c, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1002"})
		if err != nil || !c.Amount.Equal(rub("10.00")) {
			t.Fatalf("full capture: %+v, %v", c, err)
		}
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "404"})
		wantKind(t, err, payments.ErrNotFound)
	})
}

func TestHoldCancel(t *testing.T) {
	t.Parallel()
	both(t, func(t *testing.T, f *paymentstest.Fake, p lifecycleProvider) {
		mustInit(t, p, holdReq("1001", "10.00"))
		if err := f.MarkPaid("1001"); err != nil {
			t.Fatal(err)
		}
		c, err := p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "1001"})
		if err != nil || c.Status != payments.StatusCanceled {
			t.Fatalf("Cancel = %+v, %v", c, err)
		}
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1001"})
		wantKind(t, err, payments.ErrInvalidState)
		_, err = p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "1001"})
		wantKind(t, err, payments.ErrInvalidState)
		if b := balance(t, f); !b.IsZero() {
			t.Errorf("balance %s after a cancelled hold", b)
		}
		// A payment taken in one step is not held.
		mustInit(t, p, initReq("1002", "10.00"))
		if err := f.MarkPaid("1002"); err != nil {
			t.Fatal(err)
		}
		_, err = p.Cancel(t.Context(), &payments.CancelRequest{OrderID: "1002"})
		wantKind(t, err, payments.ErrInvalidState)
		_, err = p.Capture(t.Context(), &payments.CaptureRequest{OrderID: "1002"})
		wantKind(t, err, payments.ErrInvalidState)
	})
}

// A hold left for HoldPeriod is cancelled by the fake's clock; ExpireHold
// does it at once; MarkAuthorized holds any waiting payment.
func TestHoldExpiry(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := fixedNow
	f := paymentstest.New(&paymentstest.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	mustInit(t, f, holdReq("1001", "10.00"))
	mustInit(t, f, initReq("1002", "10.00"))
	if err := f.MarkPaid("1001"); err != nil {
		t.Fatal(err)
	}
	if err := f.MarkAuthorized("1002"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(paymentstest.HoldPeriod - time.Second)
	mu.Unlock()
	if p, _ := f.Payment("1001"); p.Status != payments.StatusAuthorized {
		t.Fatalf("a second before HoldPeriod: %s", p.Status)
	}
	if err := f.ExpireHold("1002"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	for _, id := range []string{"1001", "1002"} {
		p, _ := f.Payment(id)
		if p.Status != payments.StatusCanceled || p.ErrorCode != "hold_expired" {
			t.Errorf("order %s after expiry: %s %q", id, p.Status, p.ErrorCode)
		}
		_, err := f.Capture(t.Context(), &payments.CaptureRequest{OrderID: id})
		wantKind(t, err, payments.ErrInvalidState)
	}
	wantKind(t, f.ExpireHold("1001"), payments.ErrInvalidState)
	wantKind(t, f.ExpireHold("404"), payments.ErrNotFound)
	wantKind(t, f.MarkAuthorized("1001"), payments.ErrInvalidRequest)
}

// A direct card payment with Hold is authorized at once.
func TestHoldDirectCard(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	req := holdReq("1001", "10.00")
	req.Card = card()
	if p := mustInit(t, f, req); p.Status != payments.StatusAuthorized {
		t.Errorf("held card payment: %s", p.Status)
	}
}

func balance(t *testing.T, f *paymentstest.Fake) decimal.Decimal {
	t.Helper()
	b, err := f.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
	if err != nil {
		t.Fatal(err)
	}
	return b.Available.Amount
}
