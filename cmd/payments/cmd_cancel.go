package main

import (
	"flag"
	"io"

	"github.com/paykit/payments"
)

func cancelCommand() *command {
	return &command{
		name:    "cancel",
		summary: "cancel (void) a held payment, releasing all of it",
		usage:   "payments cancel -order ID [flags]",
		about: `Cancels a held payment (one made with "payments link -hold" and paid, now
authorized): the hold is released and nothing is charged. A payment that is
not held (captured, paid in one step, cancelled already) is refused (exit
code 1); refund a captured payment instead.

A cancel is never resent: if its answer is lost (exit code 3), follow the
advice printed ("payments status -order ID": authorized means it was not
cancelled) before trying again.

Example:
  payments cancel -order 1001`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` of the held payment (required)")
			return func([]string) int {
				if code, ok := a.required(req("order", order)); !ok {
					return code
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				a.check = statusCheck(client, *order)
				p, err := client.Cancel(a.ctx, &payments.CancelRequest{OrderID: *order})
				if err != nil {
					return a.fail(err)
				}
				res := lifecycleResult(client.Provider().Name(), *order, p)
				return a.emit(res, func(w io.Writer) { writeLifecycle(w, "Cancel of order", res, p) })
			}
		},
	}
}
