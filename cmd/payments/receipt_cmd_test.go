package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// settlement is a settlement receipt of one delivered line of 10.00 RUB,
// with the buyer's e-mail.
const settlement = `{"tax_system":"osn","email":"buyer@example.com","items":[
  {"name":"Book","quantity":"1","amount":"10.00","tax":"vat22","payment_method":"full_payment","payment_object":"commodity"}]}`

// TestReceipt sends the second receipt of a paid order from a file and
// from standard input, looks it up as it is registered or fails, and
// checks the refusals (a second receipt per payment, an unpaid or unknown
// order, an unknown receipt).
func TestReceipt(t *testing.T) {
	t.Parallel()
	fake, tl := sharedFake(t, nil)
	paidPayment(t, fake, tl, "r-1", "10.00")
	file := filepath.Join(t.TempDir(), "delivered.json")
	if err := os.WriteFile(file, []byte(settlement), 0o600); err != nil {
		t.Fatal(err)
	}

	r := tl.run("receipt", "-order", "r-1", "-id", "5001", "-receipt-file", file)
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Receipt 5001 with fake: pending", kvLine("order", "r-1"),
		`Not registered yet: look it up later with "payments receipt-status -id 5001".`)
	_, lines, ok := fake.Receipt("5001")
	want := payments.Receipt{TaxSystem: "osn", Email: "buyer@example.com", Items: []payments.ReceiptItem{{
		Name: "Book", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("10.00", payments.RUB),
		Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity",
	}}}
	if diff := cmp.Diff(want, lines); !ok || diff != "" {
		t.Errorf("the receipt the fake received (-want +got):\n%s", diff)
	}

	r = tl.run("receipt-status", "-json", "-id", "5001", "-order", "r-1")
	wantCode(t, r, exitOK)
	if diff := cmp.Diff(receiptJSON{Provider: "fake", ReceiptID: "5001", OrderID: "r-1", Status: "pending"}, decode[receiptJSON](t, r)); diff != "" {
		t.Errorf("receipt-status -json (-want +got):\n%s", diff)
	}
	if err := fake.RegisterReceipt("5001"); err != nil {
		t.Fatal(err)
	}
	r = tl.run("receipt-status", "-id", "5001")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Receipt 5001 with fake: registered")
	if strings.Contains(r.stdout, "Not registered yet") {
		t.Errorf("a registered receipt is told to be looked up again:\n%s", r.stdout)
	}

	// A payment has one receipt after its own; an id names one receipt.
	wantError(t, tl.runStdin(settlement, "-json", "receipt", "-order", "r-1", "-id", "5002", "-receipt-stdin"), exitFailed, kindInvalidState)

	// JSON, then a failure reported by the fiscal operator.
	paidPayment(t, fake, tl, "r-2", "10.00")
	r = tl.runStdin(settlement, "receipt", "-json", "-order", "r-2", "-id", "5003", "-receipt-stdin")
	wantCode(t, r, exitOK)
	if got := decode[receiptJSON](t, r); got.Status != "pending" || got.ReceiptID != "5003" || got.OrderID != "r-2" {
		t.Errorf("receipt -json: %+v", got)
	}
	if err := fake.FailReceipt("5003", "E42", "tax code rejected"); err != nil {
		t.Fatal(err)
	}
	r = tl.run("receipt-status", "-id", "5003")
	wantCode(t, r, exitOK)
	wantLines(t, r.stdout, "Receipt 5003 with fake: failed", kvLine("error", "E42: tax code rejected"))

	wantError(t, tl.run("-json", "receipt-status", "-id", "5003", "-order", "r-1"), exitFailed, kindNotFound)
	wantError(t, tl.run("-json", "receipt-status", "-id", "9999"), exitFailed, kindNotFound)
	wantError(t, tl.runStdin(settlement, "-json", "receipt", "-order", "nope", "-id", "5004", "-receipt-stdin"), exitFailed, kindNotFound)
	wantCode(t, tl.run("link", "-order", "r-3", "-amount", "10.00"), exitOK) // not paid
	wantError(t, tl.runStdin(settlement, "-json", "receipt", "-order", "r-3", "-id", "5005", "-receipt-stdin"), exitFailed, kindInvalidState)
}

// TestParseReceipt checks the receipt file format: amounts as strings or
// JSON numbers parsed exactly in the given currency, and the refusals,
// which quote no value of the input (it names the buyer).
func TestParseReceipt(t *testing.T) {
	t.Parallel()
	line := func(name, qty, amount string) payments.ReceiptItem {
		return payments.ReceiptItem{Name: name, Quantity: decimal.RequireFromString(qty), Amount: payments.MustParseMoney(amount, payments.EUR)}
	}
	tests := []struct {
		name    string
		in      string
		want    *payments.Receipt
		wantErr string
	}{
		{"strings", `{"items":[{"name":"Tea","quantity":"0.5","amount":"3.10"}]}`,
			&payments.Receipt{Items: []payments.ReceiptItem{line("Tea", "0.5", "3.10")}}, ""},
		{"marked goods", `{"items":[{"name":"Shoes","quantity":"1","amount":"50.00","tax":"vat22","payment_method":"full_payment","payment_object":"commodity","nomenclature_code":"010460406000600021N4N57RSCBUZTQ"}]}`,
			&payments.Receipt{Items: []payments.ReceiptItem{{Name: "Shoes", Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney("50.00", payments.EUR),
				Tax: "vat22", PaymentMethod: "full_payment", PaymentObject: "commodity", NomenclatureCode: "010460406000600021N4N57RSCBUZTQ"}}}, ""},
		{"numbers kept exact", `{"phone":"+79001234567","items":[{"name":"Tea","quantity":3,"amount":79.10},{"name":"Cup","quantity":1,"amount":0.30}]}`,
			&payments.Receipt{Phone: "+79001234567", Items: []payments.ReceiptItem{line("Tea", "3", "79.10"), line("Cup", "1", "0.30")}}, ""},
		{"empty", " \n", nil, "the input is empty"},
		{"syntax", `{"items":[{"name":"secret-buyer`, nil, "not valid JSON"},
		{"unknown field", `{"items":[],"buyer":"x"}`, nil, `unknown field "buyer"`},
		{"no items", `{"email":"buyer@example.com"}`, nil, `no "items"`},
		{"no name", `{"items":[{"quantity":"1","amount":"1.00"}]}`, nil, "line 1 has no name"},
		{"no quantity", `{"items":[{"name":"a","amount":"1.00"}]}`, nil, "line 1 has no quantity"},
		{"zero quantity", `{"items":[{"name":"a","quantity":"0","amount":"1.00"}]}`, nil, "line 1: the quantity must be a positive decimal"},
		{"no amount", `{"items":[{"name":"a","quantity":"1"},{"name":"b"}]}`, nil, "line 1 has no amount"},
		{"too precise", `{"items":[{"name":"a","quantity":"1","amount":"1.00"},{"name":"b","quantity":"1","amount":1.005}]}`, nil, "line 2: "},
		{"amount not a number", `{"items":[{"name":"a","quantity":"1","amount":true}]}`, nil, "want a decimal"},
		{"name not a string", `{"items":[{"name":7,"quantity":"1","amount":"1"}]}`, nil, `field "items.name" has the wrong type`},
		{"two values", `{"items":[{"name":"a","quantity":"1","amount":"1"}]} {}`, nil, "more than one JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseReceipt([]byte(tt.in), payments.EUR)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret-buyer") {
					t.Errorf("the error quotes the input: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParseReceipt: no input panics the receipt reader, and what it
// accepts has named lines with positive quantities and amounts in the
// currency.
func FuzzParseReceipt(f *testing.F) {
	f.Add([]byte(settlement))
	f.Add([]byte(`{"items":[{"name":"Tea","quantity":3,"amount":79.10}]}`))
	f.Add([]byte(`{"items":[{"name":"a","quantity":"1e3","amount":"-1"}]}`))
	f.Add([]byte(`{"items":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := parseReceipt(b, payments.RUB)
		if err != nil {
			return
		}
		if len(r.Items) == 0 {
			t.Fatal("accepted a receipt without lines")
		}
		for _, it := range r.Items {
			if it.Name == "" || !it.Quantity.IsPositive() || it.Amount.Currency != payments.RUB {
				t.Fatalf("accepted the line %+v", it)
			}
		}
	})
}
