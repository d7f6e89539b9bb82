package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/paykit/payments"
)

func balanceCommand() *command {
	return &command{
		name:    "balance",
		summary: "show the merchant's balance",
		usage:   "payments balance [-currency RUB] [flags]",
		about: `Shows the merchant's balance available for payouts, in one currency.
Lookups are retried while the provider is unavailable.

Example:
  payments balance -currency RUB`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code`")
			return func([]string) int {
				cur, err := payments.ParseCurrency(strings.TrimSpace(*currency))
				if err != nil {
					return a.usageError("unknown currency %q", *currency)
				}
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				b, err := client.Balance(a.ctx, cur)
				if err != nil {
					return a.fail(err)
				}
				res := balanceJSON{Provider: client.Provider().Name(), Available: b.Available.Format(), Currency: string(b.Available.Currency)}
				return a.emit(res, func(w io.Writer) {
					fmt.Fprintf(w, "Balance with %s: %s available\n", res.Provider, b.Available)
				})
			}
		},
	}
}
