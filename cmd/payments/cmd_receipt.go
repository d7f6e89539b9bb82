package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/paykit/payments"
)

func receiptCommand() *command {
	return &command{
		name:    "receipt",
		summary: "send the second (settlement) fiscal receipt of a paid order",
		usage:   "payments receipt -order ID -id RECEIPT_ID (-receipt-file PATH | -receipt-stdin) [-currency RUB] [flags]",
		about: `Registers the settlement ("second") 54-FZ receipt of a paid order, as when
goods are delivered after a prepayment receipt. -id is your own id of this
receipt (a positive integer for Robokassa, other than the order id): choose
it once and keep it, it is how the receipt is looked up. The receipt is
usually pending at first: look it up with "payments receipt-status -id ID".

A receipt is a fiscal document that cannot be taken back, and a payment may
have only so many, so it is never resent: if its answer is lost (exit code
3), look it up with "payments receipt-status" before sending it again.

` + receiptHelp + `

Example:
  payments receipt -order 1001 -id 5001 -receipt-file ./delivered.json`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` of the paid payment (required)")
			id := fs.String("id", "", "your own `id` of this receipt, kept for every lookup (required)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of the receipt's amounts")
			receiptFile := fs.String("receipt-file", "", "read the receipt's lines from this JSON `file`")
			receiptStdin := fs.Bool("receipt-stdin", false, "read the receipt's lines from standard input")
			return func([]string) int {
				if code, ok := a.required(req("order", order), req("id", id)); !ok {
					return code
				}
				if *receiptFile == "" && !*receiptStdin {
					return a.usageError("missing -receipt-file or -receipt-stdin")
				}
				receipt, err := a.readReceipt(*receiptFile, *receiptStdin, *currency)
				if err != nil {
					return a.fail(err)
				}
				a.order = *order
				a.check = "payments receipt-status -id " + *id + " -order " + *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				fr, err := client.SendReceipt(a.ctx, &payments.ReceiptRequest{
					OrderID:   *order,
					ReceiptID: *id,
					Kind:      payments.ReceiptSettlement,
					Receipt:   *receipt,
				})
				if err != nil {
					return a.fail(err)
				}
				res := receiptResult(client.Provider().Name(), *id, *order, fr)
				return a.emit(res, func(w io.Writer) { writeReceipt(w, res) })
			}
		},
	}
}

func receiptStatusCommand() *command {
	return &command{
		name:    "receipt-status",
		summary: "look a receipt sent after the payment up by its receipt id",
		usage:   "payments receipt-status -id RECEIPT_ID [-order ID] [flags]",
		about: `Looks a receipt sent with "payments receipt" up by its receipt id and prints
its state: pending, registered or failed (with the provider's code and
message). With -order the answer must be a receipt of that order. This is
how a receipt whose answer was lost is found. Lookups are retried while the
provider is unavailable.

Example:
  payments receipt-status -id 5001 -order 1001`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			id := fs.String("id", "", "your `id` of the receipt (required)")
			order := fs.String("order", "", "the shop's order `id` the receipt must belong to")
			return func([]string) int {
				if code, ok := a.required(req("id", id)); !ok {
					return code
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				fr, err := client.ReceiptStatus(a.ctx, payments.ReceiptQuery{ReceiptID: *id, OrderID: *order})
				if err != nil {
					return a.fail(err)
				}
				res := receiptResult(client.Provider().Name(), *id, *order, fr)
				return a.emit(res, func(w io.Writer) { writeReceipt(w, res) })
			}
		},
	}
}

// writeReceipt prints a receipt sent after the payment for people.
func writeReceipt(w io.Writer, res receiptJSON) {
	fmt.Fprintf(w, "Receipt %s with %s: %s\n", res.ReceiptID, res.Provider, res.Status)
	kv(w, "order", res.OrderID)
	kv(w, "registered", res.RegisteredAt)
	label := "code"
	if res.Status == string(payments.FiscalFailed) {
		label = "error"
	}
	kv(w, label, joinNonEmpty(res.Code, res.Message))
	if res.Status == string(payments.FiscalPending) {
		fmt.Fprintf(w, "Not registered yet: look it up later with \"payments receipt-status -id %s\".\n", res.ReceiptID)
	}
}
