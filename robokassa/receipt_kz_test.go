package robokassa

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestKazakhTaxCodesSent: Kazakhstan's "vat12" and "vat16" (the "KZ" list of
// classes/Robokassa/Payment/TaxManager.php in github.com/robokassa/cms-wordpress)
// and the legacy tax system "envd" (the tax type list of
// github.com/robokassa/cms-opencart, OpenCart 4.x admin controller) pass
// validation: a payment link's receipt is signed with them, and
// CreateInvoice sends them.
func TestKazakhTaxCodesSent(t *testing.T) {
	t.Parallel()
	for _, tax := range []string{"vat12", "vat16"} {
		t.Run(tax, func(t *testing.T) {
			t.Parallel()
			rec := &Receipt{Sno: "envd", Items: []ReceiptItem{{
				Name: "Item", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(10), Tax: tax,
				PaymentMethod: "full_payment", PaymentObject: "commodity",
			}}}
			recJSON := `{"sno":"envd","items":[{"name":"Item","quantity":1,"sum":10,"tax":"` + tax + `","payment_method":"full_payment","payment_object":"commodity"}]}`

			// The payment link: the receipt is sent and signed
			// (MerchantLogin:OutSum:InvId:Receipt:Password1, as in
			// TestPaymentURL).
			raw, err := newProvider(t, nil, nil).PaymentURL(&Link{Amount: rub("10"), InvID: 9, Receipt: rec})
			if err != nil {
				t.Fatalf("PaymentURL: %v", err)
			}
			q := queryOf(t, raw)
			base := "golden-shop:10.00:9:" + url.QueryEscape(recJSON) + ":Pass1_golden8"
			got := []string{q.Get("Receipt"), q.Get("SignatureValue")}
			want := []string{url.QueryEscape(recJSON), md5Upper(base)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("link Receipt, SignatureValue (-want +got):\n%s", diff)
			}

			// CreateInvoice: the items carry the code, Sno the tax system.
			_, payload := sentInvoice(t, &Invoice{Amount: rub("10.00"), Receipt: rec})
			items, _ := payload["InvoiceItems"].([]any)
			gotInv := []any{payload["Sno"], nil}
			if len(items) == 1 {
				gotInv[1] = items[0].(map[string]any)["Tax"]
			}
			if diff := cmp.Diff([]any{"envd", tax}, gotInv); diff != "" {
				t.Errorf("CreateInvoice Sno, Tax (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnknownTaxCodeRefused: a code outside TaxRates (or a tax system
// outside TaxSystems) is still refused before anything is sent.
func TestUnknownTaxCodeRefused(t *testing.T) {
	t.Parallel()
	item := func(tax string) ReceiptItem {
		return ReceiptItem{Name: "Item", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(10), Tax: tax}
	}
	tests := []struct {
		name string
		rec  *Receipt
	}{
		{"vat18", &Receipt{Items: []ReceiptItem{item("vat18")}}},
		{"vat15", &Receipt{Items: []ReceiptItem{item("vat15")}}},
		{"upper case VAT12", &Receipt{Items: []ReceiptItem{item("VAT12")}}},
		{"unknown tax system", &Receipt{Sno: "usn", Items: []ReceiptItem{item("vat12")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tr := httpmock.NewMockTransport()
			p := newProvider(t, tr, nil)
			if _, err := p.PaymentURL(&Link{Amount: rub("10"), InvID: 9, Receipt: tt.rec}); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("PaymentURL: %v, want ErrInvalidRequest", err)
			}
			if _, err := p.CreateInvoice(t.Context(), &Invoice{Amount: rub("10.00"), Receipt: tt.rec}); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("CreateInvoice: %v, want ErrInvalidRequest", err)
			}
			if n := tr.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
	tr := httpmock.NewMockTransport()
	items := []InvoiceItem{{Name: "Item", Quantity: decimal.NewFromInt(1), Cost: decimal.NewFromInt(10), Tax: "vat18"}}
	if _, err := newProvider(t, tr, nil).CreateInvoice(t.Context(), &Invoice{Amount: rub("10.00"), Items: items}); !errors.Is(err, payments.ErrInvalidRequest) || tr.GetTotalCallCount() != 0 {
		t.Errorf("CreateInvoice with Items tax vat18: %v, %d requests", err, tr.GetTotalCallCount())
	}
	req := goldenReceiptRequest()
	req.Receipt.Items[0].Tax = "vat18"
	tr = httpmock.NewMockTransport()
	if _, err := newProvider(t, tr, nil).SendReceipt(t.Context(), req); !errors.Is(err, payments.ErrInvalidRequest) || tr.GetTotalCallCount() != 0 {
		t.Errorf("SendReceipt with tax vat18: %v, %d requests", err, tr.GetTotalCallCount())
	}
}

// TestSecondReceiptKazakhVats: the second receipt's vats of the Kazakh
// rates. A line's amount includes its VAT, so a 112.00 line at "vat12"
// holds 12.00 of VAT (12/112) and a 116.00 line at "vat16" 16.00 (16/116);
// 10.00 holds 1.0714… and 1.3793…, rounded to kopecks after summing.
func TestSecondReceiptKazakhVats(t *testing.T) {
	t.Parallel()
	line := func(tax, amount string) payments.ReceiptItem {
		return payments.ReceiptItem{Name: "Item " + tax, Quantity: decimal.NewFromInt(1), Amount: payments.MustParseMoney(amount, payments.RUB), Tax: tax}
	}
	tests := []struct {
		name  string
		items []payments.ReceiptItem
		want  []map[string]any
	}{
		{"whole", []payments.ReceiptItem{line("vat12", "112.00"), line("vat16", "116.00")},
			[]map[string]any{{"type": "vat12", "sum": 12.0}, {"type": "vat16", "sum": 16.0}}},
		{"rounded", []payments.ReceiptItem{line("vat16", "10.00"), line("vat12", "10.00")},
			[]map[string]any{{"type": "vat16", "sum": 1.38}, {"type": "vat12", "sum": 1.07}}},
		// 3 × 0.107… = 0.321… (0.33 if each line were rounded first).
		{"summed before rounding", []payments.ReceiptItem{line("vat12", "1.00"), line("vat12", "1.00"), line("vat0", "5.00"), line("vat12", "1.00")},
			[]map[string]any{{"type": "vat12", "sum": 0.32}, {"type": "vat0", "sum": 0.0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, _, bodies := fiscalServer(200, `{"ResultCode":"0","ResultDescription":"ok","OpKey":"x"}`)
			p := newProvider(t, rt, func(c *Config) { c.ShopURL = "https://shop.example/" })
			req := goldenReceiptRequest()
			req.Receipt.TaxSystem = "envd"
			req.Receipt.Items = tt.items
			if _, err := p.SendReceipt(t.Context(), req); err != nil {
				t.Fatalf("SendReceipt: %v", err)
			}
			if len(*bodies) != 1 {
				t.Fatalf("%d requests", len(*bodies))
			}
			js, err := base64.RawURLEncoding.DecodeString(strings.Split((*bodies)[0], ".")[0])
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Sno  string           `json:"sno"`
				Vats []map[string]any `json:"vats"`
			}
			if err := json.Unmarshal(js, &got); err != nil {
				t.Fatal(err)
			}
			if got.Sno != "envd" {
				t.Errorf("sno = %q, want envd", got.Sno)
			}
			if diff := cmp.Diff(tt.want, got.Vats); diff != "" {
				t.Errorf("vats (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEveryTaxRateHasVatShare: SendReceipt computes the vats of every code
// that the receipts accept, so that no accepted code is refused there (its
// error names TaxRates as the list).
func TestEveryTaxRateHasVatShare(t *testing.T) {
	t.Parallel()
	for _, rate := range TaxRates {
		if _, ok := vatShares[rate]; !ok {
			t.Errorf("TaxRates has %q, vatShares has no share for it", rate)
		}
	}
	if len(vatShares) != len(TaxRates) {
		t.Errorf("vatShares has %d rates, TaxRates %d", len(vatShares), len(TaxRates))
	}
}
