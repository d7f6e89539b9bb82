package conformance

import (
	"errors"

	"github.com/paykit/payments"
)

// This file holds the scenarios of refund references: a reference sent
// twice never refunds twice, a refund is found by its reference where the
// provider declares it, and what is not declared (lookups by reference,
// refund and payout metadata) is refused before anything is sent.

// suiteReference is the refund reference the scenarios send.
const suiteReference = "conformance-ref-1"

func refundRefScenarios() []Scenario {
	return []Scenario{
		{
			Name: "refund_reference_twice",
			Rule: "a refund sent again with the same reference never refunds twice: the second answer is the same refund " +
				"(a provider that takes the reference as an idempotency key) or ErrDuplicate, and the refund shows one refund's amount",
			Op:      payments.OpRefund,
			applies: supports(payments.OpRefund),
			run:     refundReferenceTwice,
		},
		{
			Name: "refund_lookup_by_reference",
			Rule: "a provider that declares RefundLookupByReference finds a refund by its order id and reference, " +
				"and an unknown reference is ErrNotFound",
			Op: payments.OpRefundStatus,
			applies: func(c payments.Capabilities) bool {
				return c.Supports(payments.OpRefund) && c.Supports(payments.OpRefundStatus) && c.RefundLookupByReference
			},
			run: refundLookupByReference,
		},
		{
			Name:    "refund_reference_required",
			Rule:    "a refund without a reference, or with a malformed one, is rejected before anything is sent",
			Op:      payments.OpRefund,
			applies: supports(payments.OpRefund),
			local:   true,
			run: func(e *env) {
				for _, ref := range []string{"", "has space", "ü", string(make([]byte, 65))} {
					_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: ref})
					e.expectKind(err, payments.ErrInvalidRequest)
				}
			},
		},
		{
			Name: "refund_lookup_by_reference_undeclared",
			Rule: "a refund lookup by reference is refused with errors.ErrUnsupported, without a request, " +
				"when the provider does not declare RefundLookupByReference",
			Op: payments.OpRefundStatus,
			applies: func(c payments.Capabilities) bool {
				return c.Supports(payments.OpRefundStatus) && !c.RefundLookupByReference
			},
			local: true,
			run: func(e *env) {
				_, err := e.client.LookupRefund(e.ctx(), payments.RefundQuery{OrderID: "1002", Reference: suiteReference})
				e.expectKind(err, errors.ErrUnsupported)
			},
		},
		{
			Name:    "refund_metadata_undeclared",
			Rule:    "refund metadata is refused with errors.ErrUnsupported, without a request, when the provider does not declare RefundMetadata",
			Op:      payments.OpRefund,
			applies: func(c payments.Capabilities) bool { return c.Supports(payments.OpRefund) && !c.RefundMetadata },
			local:   true,
			run: func(e *env) {
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{
					OrderID: "1002", Reference: suiteReference, Metadata: map[string]string{"note": "x"},
				})
				e.expectKind(err, errors.ErrUnsupported)
			},
		},
		{
			Name:    "payout_metadata_undeclared",
			Rule:    "payout metadata is refused with errors.ErrUnsupported, without a request, when the provider does not declare WithdrawalMetadata",
			Op:      payments.OpWithdraw,
			applies: func(c payments.Capabilities) bool { return c.Supports(payments.OpWithdraw) && !c.WithdrawalMetadata },
			local:   true,
			run: func(e *env) {
				_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{
					OrderID: "2001", Amount: e.money("50.00"), Card: &payments.Card{Number: TestCard}, Metadata: map[string]string{"note": "x"},
				})
				e.expectKind(err, errors.ErrUnsupported)
			},
		},
	}
}

// suiteRefund is the refund the reference scenarios send: 4.00 of the
// paid 10.00 where the provider refunds in part (so that a second refund
// would be possible, and visible), otherwise all of it.
func (e *env) suiteRefund() *payments.RefundRequest {
	req := &payments.RefundRequest{OrderID: "1002", Reference: suiteReference}
	if e.caps.PartialRefunds {
		amount := e.money("4.00")
		req.Amount = &amount
	}
	return req
}

func refundReferenceTwice(e *env) {
	first, err := e.client.Refund(e.ctx(), e.suiteRefund())
	if err != nil {
		e.failf("first refund: %v", err)
		return
	}
	if first.Reference != suiteReference {
		e.failf("refund reference %q, want %q", first.Reference, suiteReference)
	}
	second, err := e.client.Refund(e.ctx(), e.suiteRefund())
	switch {
	case err == nil:
		if second.ID != first.ID {
			e.failf("the same reference sent again made refund %q beside %q: it refunded twice", second.ID, first.ID)
		}
		if !second.Amount.IsZero() && !first.Amount.IsZero() && !second.Amount.Equal(first.Amount) {
			e.failf("the same reference sent again answered a refund of %s, the first was %s", second.Amount, first.Amount)
		}
	case errors.Is(err, payments.ErrDuplicate):
	default:
		e.failf("the same reference sent again: %v, want the same refund or ErrDuplicate", err)
	}
	if first.ID == "" || !e.caps.Supports(payments.OpRefundStatus) {
		return
	}
	st, err := e.client.RefundStatus(e.ctx(), first.ID)
	if err != nil {
		e.failf("refund status: %v", err)
		return
	}
	if want := e.suiteRefund().Amount; want != nil && !st.Amount.IsZero() && !st.Amount.Equal(*want) {
		e.failf("refund %s shows %s refunded, want one refund of %s", first.ID, st.Amount, *want)
	}
}

func refundLookupByReference(e *env) {
	r, err := e.client.Refund(e.ctx(), e.suiteRefund())
	if err != nil {
		e.failf("refund: %v", err)
		return
	}
	got, err := e.client.LookupRefund(e.ctx(), payments.RefundQuery{OrderID: "1002", Reference: suiteReference})
	if err != nil {
		e.failf("lookup by reference: %v", err)
		return
	}
	if r.ID != "" && got.ID != r.ID {
		e.failf("lookup by reference found refund %q, want %q", got.ID, r.ID)
	}
	if got.Reference != "" && got.Reference != suiteReference {
		e.failf("lookup by reference found reference %q, want %q", got.Reference, suiteReference)
	}
	if want := e.suiteRefund().Amount; want != nil && !got.Amount.IsZero() && !got.Amount.Equal(*want) {
		e.failf("lookup by reference found a refund of %s, want %s", got.Amount, *want)
	}
	_, err = e.client.LookupRefund(e.ctx(), payments.RefundQuery{OrderID: "1002", Reference: "conformance-unknown"})
	e.expectKind(err, payments.ErrNotFound)
}
