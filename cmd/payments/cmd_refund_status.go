package main

import (
	"flag"
	"io"

	"github.com/paykit/payments"
)

func refundStatusCommand() *command {
	return &command{
		name:    "refund-status",
		summary: "look a refund up by refund id, or by order id and reference",
		usage:   "payments refund-status (-id REFUND_ID | -order ID -reference REF) [flags]",
		about: `Looks a refund up by the provider's refund id, or by the shop's order id and
the refund's -reference (where the provider can look refunds up by
reference), and prints its state. This is how a refund whose answer was
lost is found. Lookups are retried while the provider is unavailable.

Example:
  payments refund-status -order 1001 -reference 1001-r1`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			id := fs.String("id", "", "the provider's refund `id`")
			order := fs.String("order", "", "the shop's order `id` of the refunded payment (with -reference)")
			reference := fs.String("reference", "", "the refund's `reference` (with -order)")
			return func([]string) int {
				if *id == "" && (*order == "" || *reference == "") {
					return a.usageError("give -id, or -order and -reference")
				}
				if (*order == "") != (*reference == "") {
					return a.usageError("give -order and -reference together")
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				ref, err := client.LookupRefund(a.ctx, payments.RefundQuery{RefundID: *id, OrderID: *order, Reference: *reference})
				if err != nil {
					return a.fail(err)
				}
				res := refundResult(client.Provider().Name(), *order, ref)
				if res.Reference == "" {
					res.Reference = *reference
				}
				return a.emit(res, func(w io.Writer) { writeRefund(w, res, ref) })
			}
		},
	}
}
