package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/paykit/payments"
)

func statusCommand() *command {
	return &command{
		name:    "status",
		summary: "look a payment up by the shop's order id or the provider's payment id",
		usage:   "payments status (-order ID [-amount AMOUNT [-currency RUB]] | -id PAYMENT_ID) [flags]",
		about: `Looks a payment up by the shop's order id or the provider's payment id
and prints its state, amount, fee, method and error. Lookups are retried
with backoff while the provider is unavailable ("retrying…" on standard
error). Not every provider looks payments up by its payment id (robokassa
and clientsdk do not); with both -order and -id the provider uses the one
it knows and the answer must match both.

With -amount the provider must also report exactly that amount and currency
(exit code 1 otherwise): check this before shipping an order. It takes
-order only.

Example:
  payments status -order 1001 -amount 10.00`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id`")
			id := fs.String("id", "", "the provider's payment `id`")
			amount := fs.String("amount", "", "the `amount` the payment must have, such as 10.00")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of -amount")
			return func([]string) int {
				switch {
				case *order == "" && *id == "":
					return a.usageError("give -order or -id")
				case *id != "" && *amount != "":
					return a.usageError("-amount takes -order, not -id")
				}
				var expected payments.Money
				if *amount != "" {
					m, err := parseAmount(*amount, *currency)
					if err != nil {
						return a.fail(err)
					}
					expected = m
				}
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				var p *payments.Payment
				if expected.IsZero() {
					p, err = client.LookupPayment(a.ctx, payments.PaymentQuery{OrderID: *order, PaymentID: *id})
				} else {
					p, err = client.ConfirmPayment(a.ctx, *order, expected)
				}
				if err != nil {
					return a.fail(err)
				}
				res := paymentResult(client.Provider().Name(), p)
				if res.OrderID == "" {
					res.OrderID = *order
				}
				res.NextStep = nextStepJSON{}
				return a.emit(res, func(w io.Writer) { writeStatus(w, res, p) })
			}
		},
	}
}

func writeStatus(w io.Writer, res paymentJSON, p *payments.Payment) {
	state := "not paid"
	switch {
	case p.Status.Paid():
		state = "paid"
	case !p.Status.Final():
		state = "not paid yet"
	}
	fmt.Fprintf(w, "Order %s with %s: %s (%s)\n", res.OrderID, res.Provider, res.Status, state)
	kv(w, "amount", money(p.Amount))
	kv(w, "fee", money(p.Fee))
	kv(w, "method", p.Method)
	kv(w, "payment id", p.ID)
	kv(w, "refunds", string(p.RefundStatus))
	kv(w, "mandate", p.Mandate)
	kv(w, "held until", res.HeldUntil)
	kv(w, "error", joinNonEmpty(p.ErrorCode, p.ErrorMessage))
}

// joinNonEmpty joins the non-empty parts with ": ".
func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += ": "
		}
		out += p
	}
	return out
}
