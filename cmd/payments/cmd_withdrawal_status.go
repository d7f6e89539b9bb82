package main

import (
	"flag"
	"io"

	"github.com/paykit/payments"
)

func withdrawalStatusCommand() *command {
	return &command{
		name:    "withdrawal-status",
		summary: "look a payout up by order id or payout id",
		usage:   "payments withdrawal-status (-order ID | -id PAYOUT_ID) [flags]",
		about: `Looks a payout up by the shop's order id or the provider's payout id
(exactly one of them) and prints its state. Lookups are retried while the
provider is unavailable.

Example:
  payments withdrawal-status -order 2001`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's `id` of the payout")
			id := fs.String("id", "", "the provider's payout `id`")
			return func([]string) int {
				switch {
				case *order == "" && *id == "":
					return a.usageError("give -order or -id")
				case *order != "" && *id != "":
					return a.usageError("give -order or -id, not both")
				}
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				wd, err := client.WithdrawalStatus(a.ctx, payments.WithdrawalQuery{ID: *id, OrderID: *order})
				if err != nil {
					return a.fail(err)
				}
				res := withdrawalResult(client.Provider().Name(), wd)
				if res.OrderID == "" {
					res.OrderID = *order
				}
				if res.ID == "" {
					res.ID = *id
				}
				return a.emit(res, func(w io.Writer) { writeWithdrawal(w, res, wd) })
			}
		},
	}
}
