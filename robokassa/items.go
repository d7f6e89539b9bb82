package robokassa

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// InvoiceItem is a receipt line as the Invoice and Refund APIs take it: a
// unit price rather than a line total (https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api).
type InvoiceItem struct {
	// Name of the good or service, at most MaxItemName characters.
	Name string
	// Quantity of units; positive.
	Quantity decimal.Decimal
	// Cost is the unit price, positive with at most two decimals.
	Cost decimal.Decimal
	// Tax is the VAT rate, one of TaxRates ("vat22" for the 22% rate
	// since 2026).
	Tax string
	// PaymentMethod is one of PaymentMethods; empty means the shop's
	// default.
	PaymentMethod string
	// PaymentObject is one of PaymentObjects; empty means the shop's
	// default.
	PaymentObject string
	// NomenclatureCode is the marking code of marked goods, if any.
	NomenclatureCode string
}

type invoiceItemJSON struct {
	Name             string     `json:"Name"`
	Quantity         jsonNumber `json:"Quantity"`
	Cost             jsonNumber `json:"Cost"`
	Tax              string     `json:"Tax"`
	PaymentMethod    string     `json:"PaymentMethod,omitempty"`
	PaymentObject    string     `json:"PaymentObject,omitempty"`
	NomenclatureCode string     `json:"NomenclatureCode,omitempty"`
}

// itemsJSON validates items and converts them for a JWT payload.
func itemsJSON(op payments.Operation, items []InvoiceItem) ([]invoiceItemJSON, error) {
	if len(items) > MaxReceiptItems {
		return nil, invalidf(op, "at most %d items, got %d", MaxReceiptItems, len(items))
	}
	out := make([]invoiceItemJSON, len(items))
	for i, it := range items {
		n := i + 1
		switch {
		case strings.TrimSpace(it.Name) == "" || !utf8.ValidString(it.Name):
			return nil, invalidf(op, "item %d has no name", n)
		case utf8.RuneCountInString(it.Name) > MaxItemName:
			return nil, invalidf(op, "item %d: name is longer than %d characters", n, MaxItemName)
		case !it.Quantity.IsPositive():
			return nil, invalidf(op, "item %d: quantity must be positive", n)
		case !it.Cost.IsPositive() || !it.Cost.Equal(it.Cost.Truncate(2)):
			return nil, invalidf(op, "item %d: cost must be positive with at most two decimals", n)
		case !slices.Contains(TaxRates, it.Tax):
			return nil, invalidf(op, "item %d: tax %q is not one of %s", n, it.Tax, strings.Join(TaxRates, ", "))
		case it.PaymentMethod != "" && !slices.Contains(PaymentMethods, it.PaymentMethod):
			return nil, invalidf(op, "item %d: payment method %q is not one of %s", n, it.PaymentMethod, strings.Join(PaymentMethods, ", "))
		case it.PaymentObject != "" && !slices.Contains(PaymentObjects, it.PaymentObject):
			return nil, invalidf(op, "item %d: payment object %q is not one of %s", n, it.PaymentObject, strings.Join(PaymentObjects, ", "))
		}
		out[i] = invoiceItemJSON{
			Name: it.Name, Quantity: jsonNumber(it.Quantity), Cost: jsonNumber(it.Cost), Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return out, nil
}

// ItemsFromReceipt converts receipt lines to unit-priced items. A line
// given by Sum must divide by its quantity into whole kopecks: money is
// never rounded (aiorobokassa divides through floats).
func ItemsFromReceipt(r *Receipt) ([]InvoiceItem, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	items := make([]InvoiceItem, len(r.Items))
	for i := range r.Items {
		it := &r.Items[i]
		cost, ok := it.unitCost()
		if !ok {
			return nil, invalidf(OpPaymentLink, "receipt item %d: sum %s does not divide by quantity %s into whole kopecks; give Cost", i+1, it.Sum.String(), it.Quantity.String())
		}
		items[i] = InvoiceItem{
			Name: it.Name, Quantity: it.Quantity, Cost: cost, Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return items, nil
}
