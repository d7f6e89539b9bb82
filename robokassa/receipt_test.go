package robokassa

import (
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

func TestReceiptJSON(t *testing.T) {
	t.Parallel()
	js, err := oneItemReceipt().JSON()
	if err != nil {
		t.Fatal(err)
	}
	// Compact, UTF-8, no HTML escaping of & < >, exact decimals (the JSON of
	// https://docs.robokassa.ru/fiscalization).
	if js != oneItemReceiptJSON {
		t.Errorf("JSON = %s\nwant   %s", js, oneItemReceiptJSON)
	}
	r := &Receipt{Items: []ReceiptItem{
		{Name: "Кофе", Quantity: decimal.RequireFromString("0.5"), Cost: decimal.RequireFromString("199.90"), Tax: "none", NomenclatureCode: "0104601234567890"},
		{Name: "Доставка", Quantity: decimal.NewFromInt(1), Sum: decimal.New(1, 6), Tax: "vat120", PaymentObject: "service"},
	}}
	js, err = r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"items":[{"name":"Кофе","quantity":0.5,"cost":199.9,"tax":"none","nomenclature_code":"0104601234567890"},{"name":"Доставка","quantity":1,"sum":1000000,"tax":"vat120","payment_object":"service"}]}`
	if js != want {
		t.Errorf("JSON = %s\nwant   %s", js, want)
	}
	if got := r.Total(); !got.Equal(decimal.RequireFromString("1000099.95")) {
		t.Errorf("Total = %s", got)
	}
}

func TestReceiptLimits(t *testing.T) {
	t.Parallel()
	item := func() ReceiptItem {
		return ReceiptItem{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none"}
	}
	many := make([]ReceiptItem, MaxReceiptItems+1)
	for i := range many {
		many[i] = item()
	}
	tests := []struct {
		name string
		r    *Receipt
		ok   bool
	}{
		{"one item", &Receipt{Items: many[:1]}, true},
		{"100 items", &Receipt{Items: many[:100]}, true},
		{"128-character name", &Receipt{Items: []ReceiptItem{{Name: strings.Repeat("я", 128), Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none"}}}, true},
		{"every tax system", &Receipt{Sno: "usn_income_outcome", Items: many[:1]}, true},
		{"nil", nil, false},
		{"no items", &Receipt{}, false},
		{"101 items", &Receipt{Items: many}, false},
		{"unknown tax system", &Receipt{Sno: "usn", Items: many[:1]}, false},
		{"129-character name", &Receipt{Items: []ReceiptItem{{Name: strings.Repeat("я", 129), Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none"}}}, false},
		{"blank name", &Receipt{Items: []ReceiptItem{{Name: " ", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none"}}}, false},
		{"zero quantity", &Receipt{Items: []ReceiptItem{{Name: "x", Sum: decimal.NewFromInt(1), Tax: "none"}}}, false},
		{"neither sum nor cost", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Tax: "none"}}}, false},
		{"both sum and cost", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Cost: decimal.NewFromInt(1), Tax: "none"}}}, false},
		{"negative sum", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(-1), Tax: "none"}}}, false},
		{"three-decimal cost", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Cost: decimal.RequireFromString("0.001"), Tax: "none"}}}, false},
		{"missing tax", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1)}}}, false},
		{"unknown tax", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "vat18"}}}, false},
		{"unknown payment method", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none", PaymentMethod: "cash"}}}, false},
		{"unknown payment object", &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none", PaymentObject: "thing"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.r.Validate()
			if tt.ok && err != nil {
				t.Errorf("Validate: %v", err)
			}
			if !tt.ok && !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("Validate = %v, want ErrInvalidRequest", err)
			}
		})
	}
}
