package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// A refund's reference is required and bounded, and checked before the
// provider sees the request.
func TestClientRefundReferenceValidated(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, ref string
		ok        bool
	}{
		{"empty", "", false},
		{"64 bytes", strings.Repeat("a", 64), true},
		{"65 bytes", strings.Repeat("a", 65), false},
		{"every allowed character", "AZaz09._:-", true},
		{"space", "refund 1", false},
		{"slash", "refund/1", false},
		{"non-ASCII", "возврат", false},
		{"control character", "r\n1", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			_, err := newClient(t, s, nil).Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: tt.ref})
			if tt.ok {
				if err != nil {
					t.Fatalf("Refund: %v", err)
				}
				return
			}
			pe := wantErr(t, err, payments.ErrInvalidRequest, payments.OpRefund)
			if !strings.Contains(pe.Error(), "reference") {
				t.Errorf("error %q does not name the reference", pe.Error())
			}
			if s.Total() != 0 {
				t.Errorf("the provider was called %d times", s.Total())
			}
		})
	}
}

// For a provider that takes no idempotency key, the Client sends a
// reference at most once, unless the provider refused it outright; the
// same reference of another order, and another reference, are sent.
func TestClientRefundReferenceSentOnce(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		first     error // the provider's answer to the first attempt
		wantCalls int   // after a second attempt with the same reference
	}{
		{"accepted", nil, 1},
		{"outcome unknown", payments.NewError(payments.ErrOutcomeUnknown, "", "timeout after send"), 1},
		{"unclassified (taken as unknown)", errors.New("connection reset"), 1},
		{"context canceled in flight (taken as unknown)", context.Canceled, 1},
		{"invalid request", payments.NewError(payments.ErrInvalidRequest, "", "bad amount"), 2},
		{"insufficient funds", payments.NewError(payments.ErrInsufficientFunds, "", "no funds"), 2},
		{"not found", payments.NewError(payments.ErrNotFound, "", "no such order"), 2},
		{"unavailable before send", payments.NewError(payments.ErrUnavailable, "", "dial failed"), 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			first := true
			s.refundFn = func(_ context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
				if first {
					first = false
					if tt.first != nil {
						return nil, tt.first
					}
				}
				return &payments.Refund{ID: "r-" + req.Reference, OrderID: req.OrderID, Status: payments.StatusProcessing}, nil
			}
			c := newClient(t, s, nil)
			ctx := context.Background()
			req := &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"}
			_, _ = c.Refund(ctx, req)
			_, err := c.Refund(ctx, req)
			if got := s.Calls(payments.OpRefund); got != tt.wantCalls {
				t.Fatalf("the provider got %d refunds, want %d", got, tt.wantCalls)
			}
			if tt.wantCalls == 1 {
				pe := wantErr(t, err, payments.ErrDuplicate, payments.OpRefund)
				for _, want := range []string{`"ref-1"`, `"1002"`, "already sent", "new reference"} {
					if !strings.Contains(pe.Message, want) {
						t.Errorf("message %q lacks %q", pe.Message, want)
					}
				}
			} else if err != nil {
				t.Errorf("corrected retry: %v", err)
			}
			for _, other := range []*payments.RefundRequest{
				{OrderID: "1002", Reference: "ref-2"},
				{OrderID: "1003", Reference: "ref-1"},
			} {
				if _, err := c.Refund(ctx, other); err != nil {
					t.Errorf("refund %+v: %v", other, err)
				}
			}
		})
	}
}

// A provider that takes the reference as an idempotency key gets the
// repeat: it answers it with the same refund.
func TestClientRefundReferenceIdempotentProvider(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.caps.IdempotentRefunds = true
	c := newClient(t, s, nil)
	req := &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"}
	for i := range 2 {
		r, err := c.Refund(context.Background(), req)
		if err != nil || r.Reference != "ref-1" {
			t.Fatalf("attempt %d: %+v, %v", i+1, r, err)
		}
	}
	if got := s.Calls(payments.OpRefund); got != 2 {
		t.Errorf("the provider got %d refunds, want 2", got)
	}
}

// Clients sharing one store (instances of one app) never send one
// reference twice; their own stores would.
func TestClientRefundReferenceSharedStore(t *testing.T) {
	t.Parallel()
	s := newStub()
	store := &payments.MemoryStore{}
	a := newClient(t, s, &payments.Options{SentRefunds: store})
	b := newClient(t, s, &payments.Options{SentRefunds: store})
	req := &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"}
	if _, err := a.Refund(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	_, err := b.Refund(context.Background(), req)
	wantErr(t, err, payments.ErrDuplicate, payments.OpRefund)
	if _, err := newClient(t, s, nil).Refund(context.Background(), req); err != nil {
		t.Errorf("a Client with its own store: %v", err)
	}
	if got := s.Calls(payments.OpRefund); got != 2 {
		t.Errorf("the provider got %d refunds, want 2", got)
	}
}

// keyStore records the keys claimed in a MemoryStore, or fails every claim.
type keyStore struct {
	payments.MemoryStore
	keys  []string
	lease time.Duration
	fail  error
}

func (k *keyStore) Claim(ctx context.Context, key string, lease time.Duration) (payments.Claim, error) {
	if k.fail != nil {
		return payments.Claim{}, k.fail
	}
	k.keys = append(k.keys, key)
	k.lease = lease
	return k.MemoryStore.Claim(ctx, key, lease)
}

// The claimed key holds the provider, order id and reference, each escaped
// so that no two of them run together, and the claim outlasts a crash.
func TestClientRefundReferenceKey(t *testing.T) {
	t.Parallel()
	store := &keyStore{}
	c := newClient(t, newStub(), &payments.Options{SentRefunds: store})
	for _, order := range []string{"a/b", "a%2Fb"} {
		if _, err := c.Refund(context.Background(), &payments.RefundRequest{OrderID: order, Reference: "r:1"}); err != nil {
			t.Errorf("order %q: %v", order, err)
		}
	}
	want := []string{"refund/stub/a%2Fb/r:1", "refund/stub/a%252Fb/r:1"}
	if len(store.keys) != 2 || store.keys[0] != want[0] || store.keys[1] != want[1] {
		t.Errorf("keys %q, want %q", store.keys, want)
	}
	if store.lease != payments.SentRefundLease || store.lease < payments.DefaultRetention {
		t.Errorf("lease %v, want SentRefundLease (%v)", store.lease, payments.SentRefundLease)
	}
}

// A store that cannot tell refuses the refund: nothing is sent.
func TestClientRefundReferenceStoreFails(t *testing.T) {
	t.Parallel()
	s := newStub()
	c := newClient(t, s, &payments.Options{SentRefunds: &keyStore{fail: errors.New("db down")}})
	_, err := c.Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"})
	wantErr(t, err, payments.ErrUnavailable, payments.OpRefund)
	if s.Total() != 0 {
		t.Errorf("the provider was called %d times", s.Total())
	}
}

// An answer about another reference is refused; one without a reference
// gets the request's.
func TestClientRefundReferenceChecked(t *testing.T) {
	t.Parallel()
	s := newStub()
	s.refundFn = func(_ context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
		return &payments.Refund{ID: "r-1", OrderID: req.OrderID, Status: payments.StatusSucceeded, Reference: "other"}, nil
	}
	_, err := newClient(t, s, nil).Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"})
	wantErr(t, err, payments.ErrAmountMismatch, payments.OpRefund)
}

// After an unknown outcome the default advice names the lookup by
// reference where the provider declares it, and says what a resend does.
func TestClientRefundAdviceByCapabilities(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name              string
		byRef, idempotent bool
		want, wantNot     []string
	}{
		{"neither", false, false, []string{"dashboard", "refused by the Client"}, []string{"LookupRefund"}},
		{"lookup by reference", true, false, []string{"LookupRefund(ctx, RefundQuery{OrderID, Reference})", "refused by the Client"}, []string{"dashboard"}},
		{"idempotent", true, true, []string{"LookupRefund(ctx, RefundQuery{OrderID, Reference})", "same refund"}, []string{"refused by the Client"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			s.caps.RefundLookupByReference, s.caps.IdempotentRefunds = tt.byRef, tt.idempotent
			s.refundFn = func(context.Context, *payments.RefundRequest) (*payments.Refund, error) {
				return nil, payments.NewError(payments.ErrOutcomeUnknown, "", "timeout")
			}
			_, err := newClient(t, s, nil).Refund(context.Background(), &payments.RefundRequest{OrderID: "1002", Reference: "ref-1"})
			pe := wantErr(t, err, payments.ErrOutcomeUnknown, payments.OpRefund)
			for _, w := range tt.want {
				if !strings.Contains(pe.Advice, w) {
					t.Errorf("Advice %q lacks %q", pe.Advice, w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(pe.Advice, w) {
					t.Errorf("Advice %q names %q", pe.Advice, w)
				}
			}
		})
	}
}
