package robokassa

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Receipt limits (https://docs.robokassa.ru/fiscalization; aiorobokassa models/receipt.py).
const (
	// MaxReceiptItems is the most lines a receipt may have.
	MaxReceiptItems = 100
	// MaxItemName is the longest item name, in characters.
	MaxItemName = 128
	// MaxDescription is the longest payment description, in characters
	// (https://docs.robokassa.ru/script-parameters/).
	MaxDescription = 100
)

// Documented values of the receipt's enumerations (https://docs.robokassa.ru/fiscalization for the
// tax systems and rates; the 54-FZ lists of Robokassa's fiscalization page
// for payment methods and objects).
var (
	// TaxSystems are the values of Receipt.Sno: the documented "osn",
	// "usn_income", "usn_income_outcome", "esn" and "patent", and the
	// legacy "envd" (imputed income tax), which Robokassa's official
	// modules still offer: the tax type list of
	// github.com/robokassa/cms-opencart ("OpenCart
	// 4.x/upload/robokassa/admin/controller/payment/robokassa.php").
	TaxSystems = []string{"osn", "usn_income", "usn_income_outcome", "esn", "patent", "envd"}
	// TaxRates are the values of ReceiptItem.Tax and InvoiceItem.Tax:
	// "none" (no VAT), "vat0", the rates "vat5", "vat7", "vat10", "vat20"
	// and "vat22", and the calculated rates "vat105" (5/105), "vat107",
	// "vat110", "vat120" and "vat122" (22/122); and Kazakhstan's rates
	// "vat12" and "vat16" (12% and 16%), for shops in Kazakhstan.
	//
	// "vat12" and "vat16" are the codes of Robokassa's official WordPress
	// module for .kz shops (its "KZ" tax list in
	// classes/Robokassa/Payment/TaxManager.php of
	// github.com/robokassa/cms-wordpress); the OpenCart module's Kazakh
	// list (robokassa_tax_list_kz in "OpenCart
	// 4.x/upload/robokassa/admin/controller/payment/robokassa.php" of
	// github.com/robokassa/cms-opencart) has "vat12". A line's amount
	// includes its VAT, so the VAT of a "vat12" line is 12/112 of it (the
	// second receipt's vats, Provider.SendReceipt). They are accepted for
	// any shop and sent as given:
	// a Russian shop that sends them gets Robokassa's refusal, not this
	// package's.
	//
	// The general Russian VAT rate is 22% from 2026-01-01: "vat22" and
	// "vat122" are the codes Robokassa's official CMS modules send for it:
	// the tax list of github.com/robokassa/cms-opencart ("OpenCart
	// 4.x/upload/robokassa/admin/controller/payment/robokassa.php", commit
	// c0823aa, 2025-12-08) and TaxManager.php of
	// github.com/robokassa/cms-wordpress (commit e628e3d, 2025-12-19).
	// Robokassa's fiscalization pages on docs.robokassa.ru did not list
	// them yet when this was written. The 20% codes stay valid for receipts
	// of earlier periods (a refund of a 2025 payment, for instance).
	// Whether a live Russian shop's Receipt takes "vat22" and "vat122" is
	// not confirmed by Robokassa's documentation; the choice made: they
	// are accepted here like the documented codes and sent as given, so
	// that a refusal, if any, is Robokassa's and not this package's.
	TaxRates = []string{"none", "vat0", "vat10", "vat110", "vat20", "vat120", "vat22", "vat122", "vat5", "vat7", "vat105", "vat107", "vat12", "vat16"}
	// PaymentMethods are the values of ReceiptItem.PaymentMethod.
	PaymentMethods = []string{"full_prepayment", "prepayment", "advance", "full_payment", "partial_payment", "credit", "credit_payment"}
	// PaymentObjects are the values of ReceiptItem.PaymentObject.
	PaymentObjects = []string{
		"commodity", "excise", "job", "service", "gambling_bet", "gambling_prize", "lottery", "lottery_prize",
		"intellectual_activity", "payment", "agent_commission", "composite", "resort_fee", "another",
		"property_right", "non-operating_gain", "insurance_premium", "sales_tax", "tovar_mark",
	}
)

// Receipt is 54-FZ fiscal data for a payment (https://docs.robokassa.ru/fiscalization).
type Receipt struct {
	// Sno is the tax system (one of TaxSystems); empty means the shop's
	// default.
	Sno string
	// Items are the receipt's lines, 1 to MaxReceiptItems.
	Items []ReceiptItem
}

// ReceiptItem is one line of a Receipt. Give either Sum (the line total)
// or Cost (the unit price), not both.
type ReceiptItem struct {
	// Name of the good or service, at most MaxItemName characters.
	Name string
	// Quantity of units; positive.
	Quantity decimal.Decimal
	// Sum is the line total, with at most two decimals.
	Sum decimal.Decimal
	// Cost is the unit price, with at most two decimals.
	Cost decimal.Decimal
	// Tax is the VAT rate, one of TaxRates ("vat22" for the 22% rate
	// since 2026). Required.
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

// Validate checks the receipt against the documented limits.
func (r *Receipt) Validate() error {
	const op = OpPaymentLink
	if r == nil {
		return invalidf(op, "nil receipt")
	}
	if r.Sno != "" && !slices.Contains(TaxSystems, r.Sno) {
		return invalidf(op, "receipt tax system %q is not one of %s", r.Sno, strings.Join(TaxSystems, ", "))
	}
	if len(r.Items) == 0 || len(r.Items) > MaxReceiptItems {
		return invalidf(op, "a receipt has 1 to %d items, this one %d", MaxReceiptItems, len(r.Items))
	}
	for i := range r.Items {
		if err := r.Items[i].validate(i + 1); err != nil {
			return err
		}
	}
	return nil
}

func (it *ReceiptItem) validate(n int) error {
	const op = OpPaymentLink
	switch {
	case strings.TrimSpace(it.Name) == "" || !utf8.ValidString(it.Name):
		return invalidf(op, "receipt item %d has no name", n)
	case utf8.RuneCountInString(it.Name) > MaxItemName:
		return invalidf(op, "receipt item %d: name is longer than %d characters", n, MaxItemName)
	case !it.Quantity.IsPositive():
		return invalidf(op, "receipt item %d: quantity must be positive", n)
	case it.Sum.IsZero() == it.Cost.IsZero():
		return invalidf(op, "receipt item %d: give either Sum or Cost", n)
	case it.Sum.IsNegative() || it.Cost.IsNegative():
		return invalidf(op, "receipt item %d: amounts must be positive", n)
	case !it.Sum.Equal(it.Sum.Truncate(2)) || !it.Cost.Equal(it.Cost.Truncate(2)):
		return invalidf(op, "receipt item %d: amounts have at most two decimals", n)
	case !slices.Contains(TaxRates, it.Tax):
		return invalidf(op, "receipt item %d: tax %q is not one of %s", n, it.Tax, strings.Join(TaxRates, ", "))
	case it.PaymentMethod != "" && !slices.Contains(PaymentMethods, it.PaymentMethod):
		return invalidf(op, "receipt item %d: payment method %q is not one of %s", n, it.PaymentMethod, strings.Join(PaymentMethods, ", "))
	case it.PaymentObject != "" && !slices.Contains(PaymentObjects, it.PaymentObject):
		return invalidf(op, "receipt item %d: payment object %q is not one of %s", n, it.PaymentObject, strings.Join(PaymentObjects, ", "))
	}
	return nil
}

// lineTotal is Sum, or Cost times Quantity.
func (it *ReceiptItem) lineTotal() decimal.Decimal {
	if !it.Sum.IsZero() {
		return it.Sum
	}
	return it.Cost.Mul(it.Quantity)
}

// Total returns the sum of the line totals.
func (r *Receipt) Total() decimal.Decimal {
	var t decimal.Decimal
	for i := range r.Items {
		t = t.Add(r.Items[i].lineTotal())
	}
	return t
}

// unitCost returns the exact unit price of the line with two decimals, or
// false when Sum divided by Quantity is not a whole number of kopecks (the
// Invoice and Refund APIs take unit prices; we never round money).
func (it *ReceiptItem) unitCost() (decimal.Decimal, bool) {
	if !it.Cost.IsZero() {
		return it.Cost, true
	}
	c := it.Sum.DivRound(it.Quantity, 2)
	return c, c.Mul(it.Quantity).Equal(it.Sum)
}

type receiptJSON struct {
	Sno   string            `json:"sno,omitempty"`
	Items []receiptItemJSON `json:"items"`
}

type receiptItemJSON struct {
	Name             string      `json:"name"`
	Quantity         jsonNumber  `json:"quantity"`
	Sum              *jsonNumber `json:"sum,omitempty"`
	Cost             *jsonNumber `json:"cost,omitempty"`
	Tax              string      `json:"tax"`
	PaymentMethod    string      `json:"payment_method,omitempty"`
	PaymentObject    string      `json:"payment_object,omitempty"`
	NomenclatureCode string      `json:"nomenclature_code,omitempty"`
}

// JSON validates the receipt and returns its compact JSON, serialised once:
// amounts as exact decimals, non-ASCII text as UTF-8, no HTML escaping.
func (r *Receipt) JSON() (string, error) {
	v, err := r.jsonValue()
	if err != nil {
		return "", err
	}
	b, err := compactJSON(v)
	return string(b), err
}

func (r *Receipt) jsonValue() (*receiptJSON, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	out := &receiptJSON{Sno: r.Sno, Items: make([]receiptItemJSON, len(r.Items))}
	for i, it := range r.Items {
		j := receiptItemJSON{
			Name: it.Name, Quantity: jsonNumber(it.Quantity), Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
		if !it.Sum.IsZero() {
			s := jsonNumber(it.Sum)
			j.Sum = &s
		} else {
			c := jsonNumber(it.Cost)
			j.Cost = &c
		}
		out.Items[i] = j
	}
	return out, nil
}

// compactJSON marshals v without HTML escaping and without the trailing
// newline of json.Encoder.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// receiptFromCore converts the portable receipt; the core has validated
// that its items add up to the payment. Robokassa's receipt has no field
// for the buyer's contact, so Receipt.Email and Receipt.Phone are not sent
// (https://docs.robokassa.ru/fiscalization/): the payment page asks the
// buyer for the address, prefilled from InitRequest.Email.
func receiptFromCore(r *payments.Receipt) *Receipt {
	out := &Receipt{Sno: r.TaxSystem, Items: make([]ReceiptItem, len(r.Items))}
	for i, it := range r.Items {
		out.Items[i] = ReceiptItem{
			Name: it.Name, Quantity: it.Quantity, Sum: it.Amount.Amount, Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return out
}

// itemsFromCore converts the portable receipt's lines to the unit-priced
// items of the Refund API, each priced by payments.ReceiptItem.UnitPrice:
// a line whose total does not divide by its quantity into whole kopecks is
// refused, never rounded. The contact fields are not sent, as in
// receiptFromCore.
func itemsFromCore(r *payments.Receipt) ([]InvoiceItem, error) {
	items := make([]InvoiceItem, len(r.Items))
	for i, it := range r.Items {
		price, err := it.UnitPrice()
		if err != nil {
			return nil, err
		}
		items[i] = InvoiceItem{
			Name: it.Name, Quantity: it.Quantity, Cost: price.Amount, Tax: it.Tax,
			PaymentMethod: it.PaymentMethod, PaymentObject: it.PaymentObject, NomenclatureCode: it.NomenclatureCode,
		}
	}
	return items, nil
}
