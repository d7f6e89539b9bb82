package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paykit/payments"
)

func linkCommand() *command {
	return &command{
		name:    "link",
		summary: "make a payment link: where to send the buyer to pay an order",
		usage:   "payments link -order ID -amount AMOUNT [-currency RUB] [-description TEXT] [-email ADDRESS] [-hold] [-recurring] [-method METHOD] [flags]",
		about: `Starts a payment with the configured provider and prints where to send the
buyer: a URL to open, or a form their browser must POST (URL and fields).
Robokassa builds the signed link locally; clientsdk asks its API, so an
answer lost on the way is exit code 3 (check with "payments status").

With -hold the money is only held when the buyer pays (status authorized),
to be taken later with "payments capture" or released with "payments
cancel"; a provider cancels a hold not captured in time by itself (Robokassa:
7 days). With -recurring the payment, once paid, is the parent of later
charges without the buyer ("payments charge -parent ID"). -method suggests
how the buyer pays (` + methodList() + `), where the provider lets
the shop preselect it; a method it does not offer is refused.

Example:
  payments link -order 1001 -amount 10.00 -description "Two books"
  payments link -order 1002 -amount 10.00 -hold -method sbp`,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			order := fs.String("order", "", "the shop's order `id` (required; a positive integer for Robokassa)")
			amount := fs.String("amount", "", "the `amount` in major units, such as 10.00 (required)")
			currency := fs.String("currency", "RUB", "ISO 4217 currency `code`")
			description := fs.String("description", "", "what the buyer pays for, shown on the payment page")
			email := fs.String("email", "", "the buyer's e-mail `address`")
			language := fs.String("language", "", "payment page language (ru, en)")
			success := fs.String("success-url", "", "where the buyer's browser returns after paying")
			failURL := fs.String("fail-url", "", "where the buyer's browser returns after a failed payment")
			notify := fs.String("notification-url", "", "webhook URL for this payment, for providers that take one per payment")
			expires := fs.Duration("expires", 0, "how long the link stays valid, such as 24h (default: the provider's)")
			hold := fs.Bool("hold", false, "only hold the money when the buyer pays, for \"payments capture\" or \"payments cancel\"")
			recurring := fs.Bool("recurring", false, "make the payment the parent of later charges without the buyer (\"payments charge\")")
			method := fs.String("method", "", "suggest how the buyer pays: "+methodList())
			return func([]string) int {
				if code, ok := a.required(req("order", order), req("amount", amount)); !ok {
					return code
				}
				m, err := parseAmount(*amount, *currency)
				if err != nil {
					return a.fail(err)
				}
				r := &payments.InitRequest{
					OrderID:         *order,
					Amount:          m,
					Description:     *description,
					Email:           *email,
					Language:        *language,
					SuccessURL:      *success,
					FailURL:         *failURL,
					NotificationURL: *notify,
					Hold:            *hold,
					Recurring:       *recurring,
				}
				if *method != "" {
					pm := payments.PaymentMethod(strings.ToLower(strings.TrimSpace(*method)))
					if !pm.Valid() {
						return a.usageError("unknown -method %q; give one of %s", *method, methodList())
					}
					r.PaymentMethod = pm
				}
				if *expires < 0 {
					return a.usageError("-expires must be positive")
				}
				if *expires > 0 {
					r.ExpiresAt = time.Now().Add(*expires)
				}
				a.order = *order
				client, err := a.open()
				if err != nil {
					return a.fail(err)
				}
				p, err := client.InitPayment(a.ctx, r)
				if err != nil {
					return a.fail(err)
				}
				res := paymentResult(client.Provider().Name(), p)
				if res.OrderID == "" {
					res.OrderID = r.OrderID
				}
				return a.emit(res, func(w io.Writer) { writeLink(w, res, m) })
			}
		},
	}
}

// parseAmount parses a flag's amount; a malformed one is a usage error.
func parseAmount(amount, currency string) (payments.Money, error) {
	// ParseMoney takes the currency in any case (ASCII letters only, as
	// the library everywhere) and normalises it to upper case.
	m, err := payments.ParseMoney(strings.TrimSpace(amount), payments.Currency(strings.TrimSpace(currency)))
	if err != nil {
		return payments.Money{}, &cliError{kind: kindUsage, exit: exitUsage, msg: strings.TrimPrefix(err.Error(), "payments: ") + ` (give an amount such as 10.00 and a currency such as RUB)`, err: err}
	}
	return m, nil
}

func writeLink(w io.Writer, res paymentJSON, m payments.Money) {
	fmt.Fprintf(w, "Payment %s for %s with %s: %s\n", res.OrderID, m, res.Provider, res.Status)
	kv(w, "payment id", res.PaymentID)
	switch res.NextStep.Kind {
	case string(payments.NextRedirect):
		fmt.Fprintf(w, "Send the buyer to:\n  %s\n", res.NextStep.URL)
	case string(payments.NextPostForm):
		fmt.Fprintf(w, "The buyer's browser must POST this form to %s\n", res.NextStep.URL)
		for _, f := range res.NextStep.Fields {
			fmt.Fprintf(w, "  %s = %s\n", f.Name, f.Value)
		}
	default:
		fmt.Fprintln(w, "Nothing for the buyer to do: look the payment up with \"payments status\".")
	}
}

// methodList is the payment methods -method takes, for help and errors.
func methodList() string {
	var names []string
	for _, m := range payments.PaymentMethods() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}
