package main

import (
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

// receipt is the fiscal receipt of one p: one line, the whole price.
func receipt(p product) *payments.Receipt {
	return &payments.Receipt{Items: []payments.ReceiptItem{{
		Name:          p.Name,
		Quantity:      decimal.NewFromInt(1),
		Amount:        p.Price,
		Tax:           receiptTax,
		PaymentMethod: receiptPaymentMethod,
		PaymentObject: receiptPaymentObject,
	}}}
}

// unavailable says why the shop's provider cannot sell p, or "" if it
// can: a receipt or a hold the provider does not declare. T-Bank takes
// receipts but sends each to the buyer's e-mail or phone, which it
// requires (https://www.tbank.ru/kassa/dev/payments/, Receipt: Email or
// Phone), and this shop asks for neither.
func unavailable(p product, caps payments.Capabilities, provider string) string {
	switch {
	case p.Receipt && !caps.PaymentReceipts:
		return "This shop's payment provider (" + provider + ") takes no fiscal receipts, so " + p.Name + " is not for sale here."
	case p.Receipt && provider == "tbank":
		return "This shop's payment provider (" + provider + ") sends fiscal receipts to the buyer's e-mail or phone, which this shop does not ask for, so " + p.Name + " is not for sale here."
	case p.Hold && !caps.Holds:
		return "This shop's payment provider (" + provider + ") cannot reserve money and charge it later, so " + p.Name + " is not for sale here."
	}
	return ""
}
