package robokassa

import (
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// MaxReceiptItems bounds the unit-priced items of a refund too: 100 valid
// items are signed, 101 are refused for their number (not for a bad item).
func TestRefundItemsLimit(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	many := make([]InvoiceItem, MaxReceiptItems+1)
	for i := range many {
		many[i] = InvoiceItem{Name: "x", Quantity: decimal.NewFromInt(1), Cost: dec("0.01"), Tax: "vat22"}
	}
	if _, err := p.RefundToken(RefundCreate{OpKey: "K", Items: many[:MaxReceiptItems]}); err != nil {
		t.Errorf("%d items: %v", MaxReceiptItems, err)
	}
	_, err := p.RefundToken(RefundCreate{OpKey: "K", Items: many})
	if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), "at most 100 items, got 101") {
		t.Errorf("%d items: %v, want the limit", len(many), err)
	}
	// Receipts: 101 valid lines are refused for their number.
	lines := make([]ReceiptItem, MaxReceiptItems+1)
	for i := range lines {
		lines[i] = ReceiptItem{Name: "x", Quantity: decimal.NewFromInt(1), Sum: dec("0.01"), Tax: "none"}
	}
	if err := (&Receipt{Items: lines}).Validate(); !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), "1 to 100 items, this one 101") {
		t.Errorf("101 receipt lines: %v", err)
	}
}

// Amounts in receipts, items and refunds are whole kopecks: two decimals
// pass, three are refused, and nothing is rounded.
func TestReceiptPrecision(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	item := func(cost string) []InvoiceItem {
		return []InvoiceItem{{Name: "x", Quantity: dec("1.5"), Cost: dec(cost), Tax: "none"}}
	}
	for _, tt := range []struct {
		name string
		rc   RefundCreate
		ok   bool
	}{
		{"sum 0.01", RefundCreate{OpKey: "K", Sum: dec("0.01")}, true},
		{"sum 0.001", RefundCreate{OpKey: "K", Sum: dec("0.001")}, false},
		{"sum 10.10", RefundCreate{OpKey: "K", Sum: dec("10.10")}, true},
		{"sum -0.01", RefundCreate{OpKey: "K", Sum: dec("-0.01")}, false},
		{"item cost 0.01", RefundCreate{OpKey: "K", Items: item("0.01")}, true},
		{"item cost 1.005", RefundCreate{OpKey: "K", Items: item("1.005")}, false},
		{"item cost -1", RefundCreate{OpKey: "K", Items: item("-1")}, false},
		{"item fractional quantity", RefundCreate{OpKey: "K", Items: []InvoiceItem{{Name: "x", Quantity: dec("0.001"), Cost: dec("1"), Tax: "none"}}}, true},
		{"item negative quantity", RefundCreate{OpKey: "K", Items: []InvoiceItem{{Name: "x", Quantity: dec("-1"), Cost: dec("1"), Tax: "none"}}}, false},
	} {
		_, err := p.RefundToken(tt.rc)
		if tt.ok != (err == nil) || (err != nil && !errors.Is(err, payments.ErrInvalidRequest)) {
			t.Errorf("%s: %v, want ok=%t", tt.name, err, tt.ok)
		}
	}

	line := func(qty, sum, cost string) *Receipt {
		it := ReceiptItem{Name: "x", Quantity: dec(qty), Tax: "none"}
		if sum != "" {
			it.Sum = dec(sum)
		}
		if cost != "" {
			it.Cost = dec(cost)
		}
		return &Receipt{Items: []ReceiptItem{it}}
	}
	for _, tt := range []struct {
		name string
		r    *Receipt
		cost string // the unit price ItemsFromReceipt gives; "" refuses
	}{
		{"sum 0.01", line("1", "0.01", ""), "0.01"},
		{"sum 0.005", line("1", "0.005", ""), ""},
		{"cost 0.015", line("1", "", "0.015"), ""},
		{"cost 0.99", line("3", "", "0.99"), "0.99"},
		{"sum 1.00 over 0.5", line("0.5", "1.00", ""), "2"},
		{"sum 10.00 over 4", line("4", "10.00", ""), "2.5"},
		{"sum 1.00 over 3 is not whole kopecks", line("3", "1.00", ""), ""},
		{"sum 0.10 over 4 is 0.025", line("4", "0.10", ""), ""},
		{"sum 0.03 over 2 is 0.015", line("2", "0.03", ""), ""},
		{"negative cost", line("1", "", "-1"), ""},
		{"negative quantity", line("-1", "1", ""), ""},
	} {
		items, err := ItemsFromReceipt(tt.r)
		if tt.cost == "" {
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("%s: %+v, %v; want ErrInvalidRequest", tt.name, items, err)
			}
			continue
		}
		if err != nil || len(items) != 1 || !items[0].Cost.Equal(dec(tt.cost)) {
			t.Errorf("%s: %+v, %v; want unit price %s", tt.name, items, err, tt.cost)
		}
	}
	// Line totals: Sum as given, or Cost times Quantity, exactly.
	r := &Receipt{Items: []ReceiptItem{
		{Name: "a", Quantity: dec("3"), Cost: dec("0.99"), Tax: "none"},
		{Name: "b", Quantity: dec("0.5"), Sum: dec("1.01"), Tax: "none"},
	}}
	if got := r.Total(); !got.Equal(dec("3.98")) {
		t.Errorf("Total = %s, want 3.98", got)
	}
}

// A name that is not UTF-8 is refused in receipts and refund items.
func TestItemNameNotUTF8(t *testing.T) {
	t.Parallel()
	const bad = "caf\xe9"
	r := &Receipt{Items: []ReceiptItem{{Name: bad, Quantity: decimal.NewFromInt(1), Sum: dec("1"), Tax: "none"}}}
	if err := r.Validate(); !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), "has no name") {
		t.Errorf("receipt line %q: %v", bad, err)
	}
	_, err := newProvider(t, nil, nil).RefundToken(RefundCreate{OpKey: "K", Items: []InvoiceItem{{Name: bad, Quantity: decimal.NewFromInt(1), Cost: dec("1"), Tax: "none"}}})
	if !errors.Is(err, payments.ErrInvalidRequest) || !strings.Contains(err.Error(), "has no name") {
		t.Errorf("refund item %q: %v", bad, err)
	}
}
