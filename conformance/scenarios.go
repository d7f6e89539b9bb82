package conformance

import (
	"slices"

	"github.com/paykit/payments"
)

// expectPayment checks the common shape of a payment answer.
func (e *env) expectPayment(p *payments.Payment, err error, statuses ...payments.Status) bool {
	e.t.Helper()
	if err != nil {
		e.failf("unexpected error: %v", err)
		return false
	}
	if !slices.Contains(statuses, p.Status) {
		e.failf("status %q, want one of %q", p.Status, statuses)
		return false
	}
	return true
}

func fixtureScenarios() []Scenario {
	return []Scenario{
		{
			Name: "init_redirect",
			Rule: "a new payment is pending (or needs the buyer) and tells the app where to send the buyer",
			Op:   payments.OpInitPayment,
			run: func(e *env) {
				p, err := e.client.InitPayment(e.ctx(), e.initReq("1001"))
				if !e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction) {
					return
				}
				switch p.NextStep.Kind {
				case payments.NextRedirect, payments.NextPostForm:
					if p.NextStep.URL == "" {
						e.failf("next step %q has no URL", p.NextStep.Kind)
					}
				default:
					e.failf("next step %q, want a redirect or a form for the buyer", p.NextStep.Kind)
				}
			},
		},
		{
			Name:    "init_card",
			Rule:    "a direct card payment is accepted and its answer never echoes the card number",
			Op:      payments.OpInitPayment,
			applies: func(c payments.Capabilities) bool { return c.CardPayments },
			run: func(e *env) {
				r := e.initReq("1010")
				r.Card = testCard()
				p, err := e.client.InitPayment(e.ctx(), r)
				if !e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction, payments.StatusProcessing, payments.StatusSucceeded, payments.StatusAuthorized) {
					return
				}
				for k, v := range p.Raw {
					if v == TestCard {
						e.failf("raw field %q holds the card number in clear", k)
					}
				}
			},
		},
		{
			Name:    "init_3ds",
			Rule:    "a 3-D Secure 2.0 card payment takes the browser data and returns the challenge step or a result",
			Op:      payments.OpInitPayment,
			applies: func(c payments.Capabilities) bool { return c.CardPayments && c.ThreeDS },
			run: func(e *env) {
				r := e.initReq("1011")
				r.Card = testCard()
				b := ThreeDSBrowser
				r.Browser = &b
				p, err := e.client.InitPayment(e.ctx(), r)
				if !e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction, payments.StatusProcessing, payments.StatusSucceeded, payments.StatusAuthorized) {
					return
				}
				if p.Status == payments.StatusRequiresAction && p.NextStep.Kind == payments.NextNone {
					e.failf("status requires_action without a next step")
				}
			},
		},
		{
			Name: "status_pending",
			Rule: "an unpaid payment is reported pending",
			Op:   payments.OpPaymentStatus,
			run: func(e *env) {
				p, err := e.client.PaymentStatus(e.ctx(), "1001")
				e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction)
			},
		},
		{
			Name: "status_succeeded",
			Rule: "a paid payment is reported succeeded with its exact amount and currency",
			Op:   payments.OpPaymentStatus,
			run: func(e *env) {
				p, err := e.client.ConfirmPayment(e.ctx(), "1002", e.money("10.00"))
				if e.expectPayment(p, err, payments.StatusSucceeded) && !p.Amount.Equal(e.money("10.00")) {
					e.failf("amount %s, want %s", p.Amount, e.money("10.00"))
				}
			},
		},
		{
			Name:    "confirm_amount_mismatch",
			Rule:    "a paid payment whose amount differs from the expected one is refused as a mismatch, never treated as paid",
			Op:      payments.OpPaymentStatus,
			fixture: "status_succeeded",
			run: func(e *env) {
				_, err := e.client.ConfirmPayment(e.ctx(), "1002", e.money("20.00"))
				e.expectKind(err, payments.ErrAmountMismatch)
			},
		},
		{
			Name:    "confirm_currency_mismatch",
			Rule:    "a paid payment in another currency than expected is refused as a mismatch",
			Op:      payments.OpPaymentStatus,
			fixture: "status_succeeded",
			run: func(e *env) {
				other := payments.Currency("EUR")
				if e.h.Currency == other {
					other = "USD"
				}
				_, err := e.client.ConfirmPayment(e.ctx(), "1002", payments.MustParseMoney("10.00", other))
				e.expectKind(err, payments.ErrAmountMismatch)
			},
		},
		{
			Name: "status_failed",
			Rule: "a declined payment is reported failed or canceled, not as an error",
			Op:   payments.OpPaymentStatus,
			run: func(e *env) {
				p, err := e.client.PaymentStatus(e.ctx(), "1003")
				e.expectPayment(p, err, payments.StatusFailed, payments.StatusCanceled)
			},
		},
		{
			Name: "status_not_found",
			Rule: "an order the provider does not know is ErrNotFound",
			Op:   payments.OpPaymentStatus,
			run: func(e *env) {
				_, err := e.client.PaymentStatus(e.ctx(), "1999")
				e.expectKind(err, payments.ErrNotFound)
			},
		},
		{
			Name:    "refund_full",
			Rule:    "a full refund of a paid order is accepted and gets an id",
			Op:      payments.OpRefund,
			applies: supports(payments.OpRefund),
			run: func(e *env) {
				r, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if r.ID == "" {
					e.failf("the refund has no id")
				}
				if !slices.Contains([]payments.Status{payments.StatusPending, payments.StatusProcessing, payments.StatusSucceeded}, r.Status) {
					e.failf("refund status %q, want pending, processing or succeeded", r.Status)
				}
			},
		},
		{
			Name:    "refund_partial",
			Rule:    "a partial refund is accepted for the requested amount only",
			Op:      payments.OpRefund,
			applies: func(c payments.Capabilities) bool { return c.Supports(payments.OpRefund) && c.PartialRefunds },
			run: func(e *env) {
				amt := e.money("4.00")
				r, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-2", Amount: &amt})
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if !r.Amount.IsZero() && !r.Amount.Equal(amt) {
					e.failf("refund of %s, want %s", r.Amount, amt)
				}
			},
		},
		{
			Name:    "refund_status",
			Rule:    "a refund can be looked up by the id its creation returned",
			Op:      payments.OpRefundStatus,
			applies: supports(payments.OpRefundStatus),
			run: func(e *env) {
				r, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-3"})
				if err != nil {
					e.failf("refund: %v", err)
					return
				}
				s, err := e.client.RefundStatus(e.ctx(), r.ID)
				if err != nil {
					e.failf("refund status: %v", err)
					return
				}
				if s.ID != "" && s.ID != r.ID {
					e.failf("status of refund %q, want %q", s.ID, r.ID)
				}
			},
		},
		{
			Name:    "refund_not_found",
			Rule:    "refunding an order the provider does not know is ErrNotFound",
			Op:      payments.OpRefund,
			applies: supports(payments.OpRefund),
			run: func(e *env) {
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1999", Reference: "r-4"})
				e.expectKind(err, payments.ErrNotFound)
			},
		},
		{
			Name:     "refund_insufficient_funds",
			Rule:     "a refund the merchant's funds cannot cover is ErrInsufficientFunds",
			Op:       payments.OpRefund,
			applies:  supports(payments.OpRefund),
			optional: true,
			run: func(e *env) {
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1004", Reference: "r-5"})
				e.expectKind(err, payments.ErrInsufficientFunds)
			},
		},
		{
			Name:    "balance",
			Rule:    "the balance is reported in the currency asked for, never negative",
			Op:      payments.OpBalance,
			applies: supports(payments.OpBalance),
			run: func(e *env) {
				b, err := e.client.Balance(e.ctx(), e.h.Currency)
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if b.Available.Currency != e.h.Currency || b.Available.Amount.IsNegative() {
					e.failf("balance %s, want a non-negative amount in %s", b.Available, e.h.Currency)
				}
			},
		},
		{
			Name:    "withdraw",
			Rule:    "a payout to a card is accepted and gets an id",
			Op:      payments.OpWithdraw,
			applies: supports(payments.OpWithdraw),
			run: func(e *env) {
				w, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{
					OrderID: "2001", Amount: e.money("50.00"), Card: &payments.Card{Number: TestCard},
				})
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if w.ID == "" {
					e.failf("the payout has no id")
				}
				if w.Status == payments.StatusFailed {
					e.failf("the payout failed: %s %s", w.ErrorCode, w.ErrorMessage)
				}
			},
		},
		{
			Name:    "withdrawal_status",
			Rule:    "a payout can be looked up by its order id",
			Op:      payments.OpWithdrawalStatus,
			applies: supports(payments.OpWithdrawalStatus),
			run: func(e *env) {
				w, err := e.client.WithdrawalStatus(e.ctx(), payments.WithdrawalQuery{OrderID: "2001"})
				if err != nil {
					e.failf("unexpected error: %v", err)
					return
				}
				if w.ID == "" && w.OrderID == "" {
					e.failf("the payout has neither id nor order id")
				}
			},
		},
		{
			Name:     "withdraw_insufficient_funds",
			Rule:     "a payout above the balance is ErrInsufficientFunds",
			Op:       payments.OpWithdraw,
			applies:  supports(payments.OpWithdraw),
			optional: true,
			run: func(e *env) {
				_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{
					OrderID: "2002", Amount: e.money("1000000.00"), Card: &payments.Card{Number: TestCard},
				})
				e.expectKind(err, payments.ErrInsufficientFunds)
			},
		},
	}
}
