package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// maxReceiptBytes bounds a receipt file: a real one is a few kilobytes.
const maxReceiptBytes = 256 << 10

// receiptHelp describes the receipt file, for the help of the commands
// that read one.
const receiptHelp = `The receipt is a JSON file (or standard input) of 54-FZ receipt lines, with
amounts as decimal strings in -currency, each line's amount its total:
  {"tax_system": "osn", "email": "buyer@example.com",
   "items": [{"name": "Book", "quantity": "1", "amount": "10.00",
              "tax": "vat22", "payment_method": "full_payment",
              "payment_object": "commodity"}]}
tax_system, email, phone, payment_method, payment_object and
nomenclature_code may be left out.`

// receiptFile is the JSON form of a payments.Receipt read by -receipt-file
// and -receipt-stdin.
type receiptFile struct {
	TaxSystem string            `json:"tax_system"`
	Email     string            `json:"email"`
	Phone     string            `json:"phone"`
	Items     []receiptFileItem `json:"items"`
}

// receiptFileItem is one line of a receiptFile.
type receiptFileItem struct {
	Name             string      `json:"name"`
	Quantity         decimalText `json:"quantity"`
	Amount           decimalText `json:"amount"`
	Tax              string      `json:"tax"`
	PaymentMethod    string      `json:"payment_method"`
	PaymentObject    string      `json:"payment_object"`
	NomenclatureCode string      `json:"nomenclature_code"`
}

// decimalText is a decimal given as a JSON string ("10.00") or number
// (10.00), kept as its text so that it is parsed exactly, never through a
// float.
type decimalText string

// UnmarshalJSON implements json.Unmarshaler.
func (d *decimalText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = decimalText(strings.TrimSpace(s))
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*d = decimalText(b)
	default:
		return errors.New("want a decimal such as \"10.00\"")
	}
	return nil
}

// readReceipt reads the receipt lines from the file at path, or from
// standard input when fromStdin; with neither it returns nil. Amounts are
// in currency. Bad input is a usage error that quotes none of it but field
// names and line numbers (a receipt names the buyer).
func (a *app) readReceipt(path string, fromStdin bool, currency string) (*payments.Receipt, error) {
	var (
		b   []byte
		err error
	)
	switch {
	case path != "" && fromStdin:
		return nil, usagef("give -receipt-file or -receipt-stdin, not both")
	case path == "" && !fromStdin:
		return nil, nil
	case fromStdin:
		b, err = readAllLimited(a.stdin, maxReceiptBytes)
		if err != nil {
			return nil, usagef("reading the receipt from standard input: %v", err)
		}
	default:
		b, err = readLimited(path, maxReceiptBytes)
		if err != nil {
			return nil, usagef("reading the receipt file: %v", err)
		}
	}
	// ParseMoney takes the code in any case, as everywhere.
	cur := payments.Currency(strings.TrimSpace(currency))
	r, err := parseReceipt(b, cur)
	if err != nil {
		return nil, &cliError{kind: kindUsage, exit: exitUsage, msg: "the receipt: " + err.Error(), err: err}
	}
	return r, nil
}

// parseReceipt decodes a receipt file with amounts in cur.
func parseReceipt(b []byte, cur payments.Currency) (*payments.Receipt, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("the input is empty")
	}
	var f receiptFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not valid JSON (syntax error at byte %d)", se.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("not valid JSON (it ends too early)")
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("field %q has the wrong type (want %s)", te.Field, te.Type)
		}
		return nil, fmt.Errorf("not a receipt: %v", err)
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	if len(f.Items) == 0 {
		return nil, errors.New(`no "items"`)
	}
	r := &payments.Receipt{TaxSystem: f.TaxSystem, Email: f.Email, Phone: f.Phone}
	for i, it := range f.Items {
		line := i + 1
		if strings.TrimSpace(it.Name) == "" {
			return nil, fmt.Errorf("line %d has no name", line)
		}
		if it.Quantity == "" {
			return nil, fmt.Errorf("line %d has no quantity", line)
		}
		q, err := decimal.NewFromString(string(it.Quantity))
		if err != nil || !q.IsPositive() {
			return nil, fmt.Errorf("line %d: the quantity must be a positive decimal such as \"1\" or \"0.5\"", line)
		}
		if it.Amount == "" {
			return nil, fmt.Errorf("line %d has no amount", line)
		}
		m, err := payments.ParseMoney(string(it.Amount), cur)
		if err != nil {
			return nil, fmt.Errorf("line %d: %s", line, strings.TrimPrefix(err.Error(), "payments: "))
		}
		r.Items = append(r.Items, payments.ReceiptItem{
			Name:             it.Name,
			Quantity:         q,
			Amount:           m,
			Tax:              it.Tax,
			PaymentMethod:    it.PaymentMethod,
			PaymentObject:    it.PaymentObject,
			NomenclatureCode: it.NomenclatureCode,
		})
	}
	return r, nil
}
