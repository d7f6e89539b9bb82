package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/paykit/payments"
)

func refundCommand() *command {
	return &command{
		name:    "refund",
		summary: "refund a paid order in full or in part",
		usage:   "payments refund -order ID -reference REF [-amount AMOUNT [-currency RUB]] [-reason TEXT] [flags]",
		about: `Refunds a paid order: what is left of it, or -amount of it. -reference is your
own id of this refund (1 to 64 letters, digits and . _ : -): choose it once and
keep it. A provider that takes it as an idempotency key answers a repeat with
the same refund; for the others this command remembers nothing between runs,
so a refund is never resent: if its answer is lost (exit code 3), follow the
advice printed (where the provider can, "payments refund-status -order ID
-reference REF") before trying again.

Example:
  payments refund -order 1001 -reference 1001-r1 -amount 4.00`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` of the paid payment (required)")
			amount := fs.String("amount", "", "the `amount` to refund, such as 4.00 (default: what is left)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of -amount")
			reason := fs.String("reason", "", "a note for the records, where the provider keeps one")
			reference := fs.String("reference", "", "your own `id` of this refund, kept for every retry (required)")
			return func([]string) int {
				if code, ok := a.required(req("order", order), req("reference", reference)); !ok {
					return code
				}
				r := &payments.RefundRequest{OrderID: *order, Reason: *reason, Reference: *reference}
				if *amount != "" {
					m, err := parseAmount(*amount, *currency)
					if err != nil {
						return a.fail(err)
					}
					r.Amount = &m
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				ref, err := client.Refund(a.ctx, r)
				if err != nil {
					return a.fail(err)
				}
				res := refundResult(client.Provider().Name(), r.OrderID, ref)
				return a.emit(res, func(w io.Writer) { writeRefund(w, res, ref) })
			}
		},
	}
}

// refundResult is the JSON result of a refund of order orderID.
func refundResult(provider, orderID string, ref *payments.Refund) refundJSON {
	res := refundJSON{
		Provider:  provider,
		RefundID:  ref.ID,
		OrderID:   ref.OrderID,
		Reference: ref.Reference,
		Status:    string(ref.Status),
		Amount:    amountJSON(ref.Amount),
		Currency:  string(ref.Amount.Currency),
	}
	if res.OrderID == "" {
		res.OrderID = orderID
	}
	return res
}

// writeRefund prints a refund for people.
func writeRefund(w io.Writer, res refundJSON, ref *payments.Refund) {
	fmt.Fprintf(w, "Refund of order %s with %s: %s\n", res.OrderID, res.Provider, res.Status)
	kv(w, "amount", money(ref.Amount))
	kv(w, "refund id", ref.ID)
	kv(w, "reference", ref.Reference)
}
