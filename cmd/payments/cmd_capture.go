package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/paykit/payments"
)

func captureCommand() *command {
	return &command{
		name:    "capture",
		summary: "capture a held payment in full or in part",
		usage:   "payments capture -order ID [-amount AMOUNT [-currency RUB]] [-receipt-file PATH | -receipt-stdin] [flags]",
		about: `Captures a held payment (one made with "payments link -hold" and paid, now
authorized): all that is held, or -amount of it, the rest being released.
Where the provider takes a changed receipt of what is captured, give its
lines with -receipt-file or -receipt-stdin; with -amount they must add up to
it. A payment that is not held (captured already, cancelled, expired, paid in
one step) or an amount above the hold is refused (exit code 1).

A capture is never resent: if its answer is lost (exit code 3), follow the
advice printed ("payments status -order ID": authorized means it was not
captured) before trying again.

` + receiptHelp + `

Example:
  payments capture -order 1001 -amount 8.00 -receipt-file ./shipped.json`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` of the held payment (required)")
			amount := fs.String("amount", "", "the `amount` to capture, such as 8.00 (default: all that is held)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code` of -amount and the receipt")
			receiptFile := fs.String("receipt-file", "", "read the changed receipt's lines from this JSON `file`")
			receiptStdin := fs.Bool("receipt-stdin", false, "read the changed receipt's lines from standard input")
			return func([]string) int {
				if code, ok := a.required(req("order", order)); !ok {
					return code
				}
				r := &payments.CaptureRequest{OrderID: *order}
				if *amount != "" {
					m, err := parseAmount(*amount, *currency)
					if err != nil {
						return a.fail(err)
					}
					r.Amount = &m
				}
				receipt, err := a.readReceipt(*receiptFile, *receiptStdin, *currency)
				if err != nil {
					return a.fail(err)
				}
				r.Receipt = receipt
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				a.check = statusCheck(client, *order)
				p, err := client.Capture(a.ctx, r)
				if err != nil {
					return a.fail(err)
				}
				res := lifecycleResult(client.Provider().Name(), *order, p)
				return a.emit(res, func(w io.Writer) { writeLifecycle(w, "Capture of order", res, p) })
			}
		},
	}
}

// lifecycleResult is the JSON result of capture, cancel and charge of
// orderID: the payment as the provider reports it after the operation.
func lifecycleResult(provider, orderID string, p *payments.Payment) paymentJSON {
	res := paymentResult(provider, p)
	if res.OrderID == "" {
		res.OrderID = orderID
	}
	res.NextStep = nextStepJSON{}
	return res
}

// writeLifecycle prints the payment p after a capture, cancel or charge,
// introduced by what ("Capture of order").
func writeLifecycle(w io.Writer, what string, res paymentJSON, p *payments.Payment) {
	fmt.Fprintf(w, "%s %s with %s: %s\n", what, res.OrderID, res.Provider, res.Status)
	kv(w, "amount", money(p.Amount))
	kv(w, "fee", money(p.Fee))
	kv(w, "parent", res.ParentOrder)
	kv(w, "payment id", p.ID)
	kv(w, "mandate", p.Mandate)
	kv(w, "held until", res.HeldUntil)
	kv(w, "error", joinNonEmpty(p.ErrorCode, p.ErrorMessage))
	if !p.Status.Final() && p.Status != payments.StatusAuthorized {
		fmt.Fprintf(w, "Not final yet: look it up later with \"payments status -order %s\".\n", res.OrderID)
	}
}

// statusCheck is the status command that tells whether a capture, cancel
// or charge of order was made, where the provider looks payments up by
// order id; empty otherwise (the error's advice then says where to look).
func statusCheck(client *payments.Client, order string) string {
	caps := client.Capabilities()
	if caps.LookupByOrderID || !caps.LookupByPaymentID {
		return "payments status -order " + order
	}
	return ""
}
