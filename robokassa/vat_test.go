package robokassa

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Russia's general VAT rate is 22% from 2026-01-01; Robokassa's official
// CMS modules send "vat22" and "vat122" for it (see TaxRates). Receipts of
// earlier periods keep the 20% codes.
func TestVAT22Accepted(t *testing.T) {
	t.Parallel()
	for _, tax := range []string{"vat22", "vat122", "vat20", "vat120", "vat10", "vat110", "vat5", "vat105", "vat7", "vat107", "vat0", "none"} {
		t.Run(tax, func(t *testing.T) {
			t.Parallel()
			if !slices.Contains(TaxRates, tax) {
				t.Errorf("TaxRates lacks %q", tax)
			}
			r := &Receipt{Sno: "osn", Items: []ReceiptItem{{Name: "Товар", Quantity: decimal.NewFromInt(2), Sum: decimal.RequireFromString("122.00"), Tax: tax}}}
			js, err := r.JSON()
			if err != nil {
				t.Fatalf("Receipt.JSON: %v", err)
			}
			if want := `{"sno":"osn","items":[{"name":"Товар","quantity":2,"sum":122,"tax":"` + tax + `"}]}`; js != want {
				t.Errorf("JSON = %s\nwant   %s", js, want)
			}
			items, err := ItemsFromReceipt(r)
			if err != nil || len(items) != 1 || items[0].Tax != tax || !items[0].Cost.Equal(decimal.RequireFromString("61")) {
				t.Fatalf("ItemsFromReceipt = %+v, %v", items, err)
			}
			if _, err := newProvider(t, nil, nil).RefundToken(RefundCreate{OpKey: "K", Items: items}); err != nil {
				t.Errorf("RefundToken: %v", err)
			}
		})
	}
	for _, tax := range []string{"vat18", "vat118", "VAT22", "vat 22", "22", ""} {
		r := &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: tax}}}
		if err := r.Validate(); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("tax %q: %v, want ErrInvalidRequest", tax, err)
		}
	}
}

// Through the Client: a payment with a 22% receipt gets its form, and a
// refund with 22/122 lines sends them (both were ErrInvalidRequest before).
func TestVAT22ThroughClient(t *testing.T) {
	t.Parallel()
	line := func(tax string) *payments.Receipt {
		return &payments.Receipt{TaxSystem: "osn", Items: []payments.ReceiptItem{{
			Name: "Товар", Quantity: decimal.NewFromInt(1), Amount: rub("12.20"), Tax: tax,
			PaymentMethod: "full_payment", PaymentObject: "commodity",
		}}}
	}
	opOK := `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>12.200000</OutSum><OpKey>K</OpKey></Info></OperationStateResponse>`
	var payload string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "OpStateExt") {
			return textResponse(200, opOK), nil
		}
		b, _ := io.ReadAll(r.Body)
		if parts := strings.Split(string(b), "."); len(parts) == 3 {
			pl, _ := base64.RawURLEncoding.DecodeString(parts[1])
			payload = string(pl)
		}
		return textResponse(200, `{"success":true,"message":null,"requestId":"r1"}`), nil
	})
	c, err := payments.New(newProvider(t, rt, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "7", Amount: rub("12.20"), Description: "x", Receipt: line("vat22")})
	if err != nil {
		t.Fatalf("InitPayment with vat22: %v", err)
	}
	var field string
	for _, f := range pay.NextStep.Fields {
		if f.Name == "Receipt" {
			field = f.Value
		}
	}
	receipt, err := url.QueryUnescape(field)
	if err != nil || !strings.Contains(receipt, `"tax":"vat22"`) {
		t.Errorf("Receipt field = %q, want the vat22 line", field)
	}
	amount := rub("12.20")
	if _, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "7", Reference: "r-1", Amount: &amount, Receipt: line("vat122")}); err != nil {
		t.Fatalf("Refund with vat122: %v", err)
	}
	if !strings.Contains(payload, `"Tax":"vat122"`) {
		t.Errorf("refund payload = %s, want the vat122 line", payload)
	}
}
