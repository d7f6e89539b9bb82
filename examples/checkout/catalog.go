package main

import (
	"net/mail"
	"slices"
	"strings"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// product is something the shop sells.
type product struct {
	ID          string
	Name        string
	Description string
	Price       payments.Money
	// Receipt makes the payment carry a 54-FZ fiscal receipt of the
	// product (receipt): Robokassa then takes the payment as a POST form.
	// It needs a provider that declares Capabilities.PaymentReceipts.
	Receipt bool
	// Hold reserves the price when the buyer pays and charges it when the
	// shop ships (Ship on the order page), or releases it (Cancel). It
	// needs a provider that declares Capabilities.Holds.
	Hold bool
}

// Fiscal data of the shop's receipts (54-FZ): goods sold at the 22% VAT
// rate that applies in Russia since 2026, paid in full up front
// (https://docs.robokassa.ru/fiscalization/ lists the codes).
const (
	receiptTax           = "vat22"
	receiptPaymentMethod = "full_prepayment"
	receiptPaymentObject = "commodity"
)

// catalog is the shop's whole range.
var catalog = []product{
	{ID: "tshirt", Name: "Gopher T-shirt", Description: "Cotton, blue, with a gopher on the front.", Price: payments.MustParseMoney("1500.00", payments.RUB)},
	{ID: "mug", Name: "Gopher mug", Description: "Holds 350 ml of coffee.", Price: payments.MustParseMoney("490.00", payments.RUB)},
	{ID: "notebook", Name: "Gopher notebook", Description: "A5, 96 pages. Sold with a 54-FZ fiscal receipt.", Price: payments.MustParseMoney("350.00", payments.RUB), Receipt: true},
	{ID: "bike", Name: "Gopher bicycle", Description: "Made to order: we reserve the price now and charge it when we ship.", Price: payments.MustParseMoney("12000.00", payments.RUB), Hold: true},
}

func findProduct(id string) (product, bool) {
	for _, p := range catalog {
		if p.ID == id {
			return p, true
		}
	}
	return product{}, false
}

// receipt is the fiscal receipt of one p: one line, the whole price, sent
// to the buyer's e-mail (T-Bank requires an e-mail or a phone on every
// receipt, https://www.tbank.ru/kassa/dev/payments/ /v2/Init, Receipt;
// Robokassa asks the buyer on its own page and is given InitRequest.Email
// to prefill it).
func receipt(p product, email string) *payments.Receipt {
	return &payments.Receipt{Email: email, Items: []payments.ReceiptItem{{
		Name:          p.Name,
		Quantity:      decimal.NewFromInt(1),
		Amount:        p.Price,
		Tax:           receiptTax,
		PaymentMethod: receiptPaymentMethod,
		PaymentObject: receiptPaymentObject,
	}}}
}

// unavailable says why the shop's provider cannot sell p, or "" if it
// can: a receipt or a hold the provider does not declare.
func unavailable(p product, caps payments.Capabilities, provider string) string {
	switch {
	case p.Receipt && !caps.PaymentReceipts:
		return "This shop's payment provider (" + provider + ") takes no fiscal receipts, so " + p.Name + " is not for sale here."
	case p.Hold && !caps.Holds:
		return "This shop's payment provider (" + provider + ") cannot reserve money and charge it later, so " + p.Name + " is not for sale here."
	}
	return ""
}

// sandboxBuyerEmail prefills the checkout form's e-mail field on the
// sandbox (example.com is reserved for examples, RFC 2606).
const sandboxBuyerEmail = "buyer@example.com"

// maxEmail is the longest e-mail address the shop takes: the limit of a
// T-Bank receipt's Email (64 characters).
const maxEmail = 64

// buyerEmail checks the checkout form's e-mail field: one plain address
// (no display name), at most maxEmail bytes. It is required for a product
// sold with a receipt, which is sent there, and optional otherwise. A
// refused field gets a message for the buyer instead.
func buyerEmail(field string, p product) (email, refused string) {
	email = strings.TrimSpace(field)
	if email == "" {
		if p.Receipt {
			return "", "Please give your e-mail address: the fiscal receipt of " + p.Name + " is sent there."
		}
		return "", ""
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" || len(email) > maxEmail {
		return "", "That is not an e-mail address the shop can use (one address, at most 64 characters)."
	}
	return email, ""
}

// payMethod reads the checkout form's payment method: "" leaves the choice
// to the provider's page; "sbp" (the "Pay with SBP" button) preselects the
// Faster Payments System where the provider declares it
// (Capabilities.PaymentMethods), for a product that is not reserved: SBP
// payments are taken at once, never held. A refused method gets a
// message for the buyer instead.
func payMethod(field string, p product, caps payments.Capabilities) (method payments.PaymentMethod, refused string) {
	switch m := payments.PaymentMethod(field); {
	case m == "":
		return "", ""
	case m != payments.MethodSBP || !sbpOffered(p, caps):
		return "", "This shop cannot take " + p.Name + " with that payment method."
	default:
		return m, ""
	}
}

// sbpOffered reports whether p gets a "Pay with SBP" button.
func sbpOffered(p product, caps payments.Capabilities) bool {
	return !p.Hold && slices.Contains(caps.PaymentMethods, payments.MethodSBP)
}
