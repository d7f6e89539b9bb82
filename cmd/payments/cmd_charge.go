package main

import (
	"flag"
	"io"

	"github.com/paykit/payments"
)

func chargeCommand() *command {
	return &command{
		name:    "charge",
		summary: "charge a recurring parent payment again, without the buyer",
		usage:   "payments charge -parent ID -order NEW_ID -amount AMOUNT [-currency RUB] [-mandate M] [-description TEXT] [-receipt-file PATH | -receipt-stdin] [flags]",
		about: `Makes a merchant-initiated charge of a recurring parent payment (the first
one, made with "payments link -recurring" and paid) under a new order id.
-mandate is the parent's rebill id where the provider issues one ("mandate"
in "payments status -order PARENT"). Where the provider takes receipts, give
the charge's own with -receipt-file or -receipt-stdin.

A provider that reports charges later (Robokassa) answers "pending": look
the charge up with "payments status -order NEW_ID" later. A declined charge
is exit code 1. A charge is never resent: if its answer is lost (exit code
3), follow the advice printed before charging again, and never charge
again under another new order id before that.

` + receiptHelp + `

Example:
  payments charge -parent 1001 -order 1002 -amount 10.00 -description "May"`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			parent := fs.String("parent", "", "the shop's order `id` of the recurring parent payment (required)")
			order := fs.String("order", "", "the shop's new, unique order `id` of this charge (required)")
			amount := fs.String("amount", "", "the `amount` to charge, such as 10.00 (required)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of -amount and the receipt")
			mandate := fs.String("mandate", "", "the parent's rebill `id`, for providers that issue one")
			description := fs.String("description", "", "what the charge is for, where the provider keeps it")
			receiptFile := fs.String("receipt-file", "", "read the charge's receipt lines from this JSON `file`")
			receiptStdin := fs.Bool("receipt-stdin", false, "read the charge's receipt lines from standard input")
			return func([]string) int {
				if code, ok := a.required(req("parent", parent), req("order", order), req("amount", amount)); !ok {
					return code
				}
				if *parent == *order {
					return a.usageError("-order must be a new order id, not the parent's")
				}
				m, err := parseAmount(*amount, *currency)
				if err != nil {
					return a.fail(err)
				}
				receipt, err := a.readReceipt(*receiptFile, *receiptStdin, *currency)
				if err != nil {
					return a.fail(err)
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				a.check = statusCheck(client, *order)
				p, err := client.Charge(a.ctx, &payments.ChargeRequest{
					OrderID:       *order,
					ParentOrderID: *parent,
					Mandate:       *mandate,
					Amount:        m,
					Description:   *description,
					Receipt:       receipt,
				})
				if err != nil {
					return a.fail(err)
				}
				res := lifecycleResult(client.Provider().Name(), *order, p)
				res.ParentOrder = *parent
				return a.emit(res, func(w io.Writer) { writeLifecycle(w, "Charge", res, p) })
			}
		},
	}
}
