package conformance

import (
	"context"
	"errors"
	"strings"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// expectKind checks that err wraps kind and is a *payments.Error naming
// the operation and the provider.
func (e *env) expectKind(err, kind error) {
	e.t.Helper()
	if err == nil {
		e.failf("got no error, want one wrapping %v", kind)
		return
	}
	if !errors.Is(err, kind) {
		e.failf("got error %q, want one wrapping %v", err, kind)
		return
	}
	if kind == context.Canceled || kind == context.DeadlineExceeded {
		return
	}
	var pe *payments.Error
	if !errors.As(err, &pe) {
		e.failf("error %q is not a *payments.Error", err)
		return
	}
	if pe.Op == "" || pe.Provider == "" {
		e.failf("error %q lacks its operation or provider (Op %q, Provider %q)", err, pe.Op, pe.Provider)
	}
	if strings.Contains(err.Error(), TestCard) {
		e.failf("error %q contains the card number", err)
	}
}

// initReq is the base payment request of the scenarios.
func (e *env) initReq(orderID string) *payments.InitRequest {
	return &payments.InitRequest{
		OrderID:         orderID,
		Amount:          e.money("10.00"),
		Description:     "Order " + orderID,
		Email:           "buyer@example.com",
		Language:        "en",
		SuccessURL:      "https://shop.example/success",
		FailURL:         "https://shop.example/fail",
		NotificationURL: "https://shop.example/webhooks",
	}
}

func localScenarios() []Scenario {
	s := []Scenario{
		{
			Name: "capabilities_match_interfaces",
			Rule: "every declared operation is implemented by the provider's type, and the declared currencies are valid ISO 4217 codes",
			run: func(e *env) {
				p := e.prov
				impl := map[payments.Operation]bool{
					payments.OpInitPayment: true, payments.OpPaymentStatus: true,
				}
				_, impl[payments.OpRefund] = p.(payments.Refunder)
				impl[payments.OpRefundStatus] = impl[payments.OpRefund]
				_, impl[payments.OpBalance] = p.(payments.BalanceReader)
				_, impl[payments.OpWithdraw] = p.(payments.Withdrawer)
				impl[payments.OpWithdrawalStatus] = impl[payments.OpWithdraw]
				_, impl[payments.OpVerifyWebhook] = p.(payments.WebhookVerifier)
				_, impl[payments.OpCapture] = p.(payments.Capturer)
				_, impl[payments.OpCancel] = p.(payments.Canceler)
				_, impl[payments.OpCharge] = p.(payments.Charger)
				_, impl[payments.OpSendReceipt] = p.(payments.ReceiptSender)
				impl[payments.OpReceiptStatus] = impl[payments.OpSendReceipt]
				for _, op := range payments.Operations() {
					if e.caps.Supports(op) && !impl[op] {
						e.failf("%s is declared but %T does not implement it", op, p)
					}
				}
				for _, c := range e.caps.Currencies {
					if !c.Valid() {
						e.failf("declared currency %q is not an ISO 4217 code", c)
					}
				}
				if p.Name() == "" {
					e.failf("the provider has no name")
				}
			},
		},
		{
			Name: "unsupported_currency",
			Rule: "a valid currency the provider does not declare is refused as unsupported",
			run: func(e *env) {
				for _, c := range []payments.Currency{"JPY", "GBP", "CHF", "KWD", "CNY", "TRY"} {
					if e.caps.SupportsCurrency(c) {
						continue
					}
					r := e.initReq("1001")
					r.Amount = payments.MustParseMoney("10", c)
					_, err := e.client.InitPayment(e.ctx(), r)
					e.expectKind(err, errors.ErrUnsupported)
					return
				}
				e.t.Skip("the provider declares every currency the suite tries")
			},
		},
		{
			Name: "context_canceled_before_send",
			Rule: "a canceled context stops a call before anything is sent and passes through as context.Canceled",
			run: func(e *env) {
				ctx, cancel := context.WithCancel(e.ctx())
				cancel()
				_, err := e.client.PaymentStatus(ctx, "1002")
				e.expectKind(err, context.Canceled)
				_, err = e.client.InitPayment(ctx, e.initReq("1001"))
				e.expectKind(err, context.Canceled)
			},
		},
		{
			Name:    "refund_invalid_amount",
			Rule:    "a refund of zero is rejected before anything is sent",
			applies: supports(payments.OpRefund),
			run: func(e *env) {
				zero := e.money("0")
				_, err := e.client.Refund(e.ctx(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1", Amount: &zero})
				e.expectKind(err, payments.ErrInvalidRequest)
			},
		},
		{
			Name:    "withdraw_invalid_card",
			Rule:    "a payout to a card number failing the Luhn check is rejected before anything is sent",
			applies: supports(payments.OpWithdraw),
			run: func(e *env) {
				_, err := e.client.Withdraw(e.ctx(), &payments.WithdrawalRequest{
					OrderID: "2001", Amount: e.money("50.00"), Card: &payments.Card{Number: "4111111111111112"},
				})
				e.expectKind(err, payments.ErrInvalidRequest)
			},
		},
	}
	s = append(s, invalidInitScenarios()...)
	s = append(s, receiptScenarios()...)
	for i := range s {
		s[i].local = true
	}
	return append(s, unsupportedScenarios()...)
}

// invalidInit is a payment request the Client must refuse before anything
// is sent.
type invalidInit struct {
	name, rule string
	kind       error
	applies    func(payments.Capabilities) bool
	// edit spoils the scenario's base request (order "1001", 10.00).
	edit func(e *env, r *payments.InitRequest)
}

var invalidInits = []invalidInit{
	{
		name: "invalid_empty_order_id", rule: "a payment without an order id is rejected before anything is sent",
		kind: payments.ErrInvalidRequest,
		edit: func(_ *env, r *payments.InitRequest) { r.OrderID = "" },
	},
	{
		name: "invalid_zero_amount", rule: "a payment of zero is rejected before anything is sent",
		kind: payments.ErrInvalidRequest,
		edit: func(e *env, r *payments.InitRequest) { r.Amount = e.money("0") },
	},
	{
		name: "invalid_negative_amount", rule: "a negative payment is rejected before anything is sent",
		kind: payments.ErrInvalidRequest,
		edit: func(e *env, r *payments.InitRequest) { r.Amount = e.money("-10.00") },
	},
	{
		name: "invalid_excess_precision", rule: "an amount with more decimals than the currency has is rejected, not rounded",
		kind: payments.ErrInvalidRequest,
		edit: func(e *env, r *payments.InitRequest) {
			exp, _ := e.h.Currency.Exponent()
			r.Amount = payments.Money{Amount: decimal.New(10001, -(exp + 1)), Currency: e.h.Currency}
		},
	},
	{
		name: "invalid_unknown_currency", rule: "an amount in a code that is not ISO 4217 is rejected",
		kind: payments.ErrInvalidRequest,
		edit: func(_ *env, r *payments.InitRequest) {
			r.Amount = payments.Money{Amount: decimal.NewFromInt(10), Currency: "XYZ"}
		},
	},
	{
		name: "invalid_missing_currency", rule: "there is no default currency: an amount without one is rejected",
		kind: payments.ErrInvalidRequest,
		edit: func(_ *env, r *payments.InitRequest) { r.Amount = payments.Money{Amount: decimal.NewFromInt(10)} },
	},
	{
		name: "invalid_long_description", rule: "a description longer than the declared limit is rejected before anything is sent",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.MaxDescription > 0 },
		edit: func(e *env, r *payments.InitRequest) {
			r.Description = strings.Repeat("я", e.caps.MaxDescription+1)
		},
	},
	{
		name: "invalid_non_numeric_order_id", rule: "a provider with numeric order ids refuses any other id before anything is sent",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.NumericOrderIDs },
		edit:    func(_ *env, r *payments.InitRequest) { r.OrderID = "A-1001" },
	},
	{
		name: "invalid_long_order_id", rule: "an order id longer than the declared MaxOrderIDLength is rejected before anything is sent",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.MaxOrderIDLength > 0 },
		// Digits, so that only the length is wrong where ids are numeric too.
		edit: func(e *env, r *payments.InitRequest) { r.OrderID = strings.Repeat("1", e.caps.MaxOrderIDLength+1) },
	},
	{
		name: "invalid_card_number", rule: "a card number failing the Luhn check is rejected and never echoed in the error",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.CardPayments },
		edit: func(_ *env, r *payments.InitRequest) {
			r.Card = testCard()
			r.Card.Number = "4111111111111112"
		},
	},
	{
		name: "invalid_card_expired", rule: "an expired card is rejected before anything is sent",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.CardPayments },
		edit: func(_ *env, r *payments.InitRequest) {
			r.Card = testCard()
			r.Card.ExpMonth, r.Card.ExpYear = 12, 2025
		},
	},
	{
		name: "invalid_receipt_contact", rule: "a receipt whose buyer e-mail is not an address is rejected before anything is sent",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.PaymentReceipts },
		edit: func(e *env, r *payments.InitRequest) {
			r.Receipt = e.receipt("10.00")
			r.Receipt.Email = "buyer.example.com"
		},
	},
	{
		name: "invalid_receipt_total", rule: "fiscal receipt lines that do not add up to the amount are rejected",
		kind:    payments.ErrInvalidRequest,
		applies: func(c payments.Capabilities) bool { return c.PaymentReceipts },
		edit: func(e *env, r *payments.InitRequest) {
			r.Receipt = &payments.Receipt{Items: []payments.ReceiptItem{{
				Name: "Book", Quantity: decimal.NewFromInt(1), Amount: e.money("9.00"),
				Tax: "none", PaymentMethod: "full_payment", PaymentObject: "commodity",
			}}}
		},
	},
}

func invalidInitScenarios() []Scenario {
	out := make([]Scenario, 0, len(invalidInits))
	for _, c := range invalidInits {
		out = append(out, Scenario{
			Name: c.name, Rule: c.rule, Op: payments.OpInitPayment, applies: c.applies,
			run: func(e *env) {
				r := e.initReq("1001")
				c.edit(e, r)
				_, err := e.client.InitPayment(e.ctx(), r)
				e.expectKind(err, c.kind)
				if r.Card != nil && err != nil && strings.Contains(err.Error(), r.Card.Number) {
					e.failf("error %q contains the card number", err)
				}
			},
		})
	}
	return out
}
