package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/paykit/payments"
)

func withdrawCommand() *command {
	return &command{
		name:    "withdraw",
		summary: "pay out from the balance to a card (number from a file or stdin)",
		usage:   "payments withdraw -order ID -amount AMOUNT (-card-file PATH | -card-stdin) [-currency RUB] [flags]",
		about: `Requests a payout from the merchant's balance to a card. The card number is
read from a file or standard input, never from a flag (flags show in
process listings), and is printed only masked (411111******1111).

A payout is never resent: if its answer is lost (exit code 3), check with
"payments withdrawal-status -order ID" before trying again.

Example:
  payments withdraw -order 2001 -amount 50.00 -card-file ./card.txt
  printf '%s' "$CARD" | payments withdraw -order 2002 -amount 50.00 -card-stdin`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's unique `id` of the payout (required)")
			amount := fs.String("amount", "", "the `amount` to pay out, such as 50.00 (required)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code`")
			cardFile := fs.String("card-file", "", "read the card number from this `file`")
			cardStdin := fs.Bool("card-stdin", false, "read the card number from standard input")
			notify := fs.String("notification-url", "", "webhook URL for the payout's notifications")
			return func([]string) int {
				if code, ok := a.required(req("order", order), req("amount", amount)); !ok {
					return code
				}
				m, err := parseAmount(*amount, *currency)
				if err != nil {
					return a.fail(err)
				}
				card, err := a.readCard(*cardFile, *cardStdin)
				if err != nil {
					return a.fail(err)
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				wd, err := client.Withdraw(a.ctx, &payments.WithdrawalRequest{
					OrderID:         *order,
					Amount:          m,
					Card:            &card,
					NotificationURL: *notify,
				})
				if err != nil {
					return a.fail(err)
				}
				res := withdrawalResult(client.Provider().Name(), wd)
				res.Card = card.Masked()
				if res.OrderID == "" {
					res.OrderID = *order
				}
				return a.emit(res, func(w io.Writer) { writeWithdrawal(w, res, wd) })
			}
		},
	}
}

func writeWithdrawal(w io.Writer, res withdrawalJSON, wd *payments.Withdrawal) {
	name := res.OrderID
	if name == "" {
		name = "id " + res.ID
	}
	fmt.Fprintf(w, "Payout %s with %s: %s\n", name, res.Provider, res.Status)
	kv(w, "amount", money(wd.Amount))
	kv(w, "fee", money(wd.Fee))
	kv(w, "card", res.Card)
	kv(w, "payout id", wd.ID)
	kv(w, "error", joinNonEmpty(wd.ErrorCode, wd.ErrorMessage))
}
