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
		usage:   "payments refund -order ID [-amount AMOUNT [-currency RUB]] [-reason TEXT] [flags]",
		about: `Refunds a paid order: what is left of it, or -amount of it. A refund is never resent:
if its answer is lost (exit code 3), check with "payments status -order ID"
before trying again.

Example:
  payments refund -order 1001 -amount 4.00`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` of the paid payment (required)")
			amount := fs.String("amount", "", "the `amount` to refund, such as 4.00 (default: what is left)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of -amount")
			reason := fs.String("reason", "", "a note for the records, where the provider keeps one")
			return func([]string) int {
				if code, ok := a.required(req("order", order)); !ok {
					return code
				}
				r := &payments.RefundRequest{OrderID: *order, Reason: *reason}
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
				res := refundJSON{
					Provider: client.Provider().Name(),
					RefundID: ref.ID,
					OrderID:  ref.OrderID,
					Status:   string(ref.Status),
					Amount:   amountJSON(ref.Amount),
					Currency: string(ref.Amount.Currency),
				}
				if res.OrderID == "" {
					res.OrderID = r.OrderID
				}
				return a.emit(res, func(w io.Writer) {
					fmt.Fprintf(w, "Refund of order %s with %s: %s\n", res.OrderID, res.Provider, res.Status)
					kv(w, "amount", money(ref.Amount))
					kv(w, "refund id", ref.ID)
				})
			}
		},
	}
}
