package tbank

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// newWith returns a provider configured by cfg (terminal, password, base
// URL and client filled in) whose requests go to a script of steps.
func newWith(t *testing.T, cfg Config, steps ...step) (*Provider, *script) {
	t.Helper()
	s := &script{t: t, steps: steps}
	cfg.TerminalKey, cfg.Password, cfg.BaseURL, cfg.HTTPClient = testTerminal, testPassword, testBase, &http.Client{Transport: s}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

// sentItems returns the receipt lines of the n-th request.
func sentItems(t *testing.T, s *script, n int) []map[string]any {
	t.Helper()
	var r struct{ Items []map[string]any }
	if err := json.Unmarshal(s.sent[n]["Receipt"], &r); err != nil {
		t.Fatalf("Receipt %s: %v", s.sent[n]["Receipt"], err)
	}
	return r.Items
}

// TestReceiptMeasurementUnit: in FFD 1.2 each line sends its own
// MeasurementUnit (tag 2108, Items_FFD_12 of
// https://www.tbank.ru/kassa/dev/payments/), a line without one gets
// Config.MeasurementUnit, else "шт"; FFD 1.05 lines (Items_FFD_105) have
// no such field.
func TestReceiptMeasurementUnit(t *testing.T) {
	t.Parallel()
	lines := []payments.ReceiptItem{
		{Name: "Молоко", Quantity: decimal.RequireFromString("1.5"), Amount: rub("150.00"), Tax: "none", MeasurementUnit: "л"},
		{Name: "Пакет", Quantity: decimal.NewFromInt(1), Amount: rub("50.00"), Tax: "none"},
	}
	tests := []struct {
		name string
		cfg  Config
		want []any // MeasurementUnit of each line; nil: none sent
	}{
		{name: "FFD 1.2 with a default", cfg: Config{FFDVersion: "1.2", MeasurementUnit: "кг"}, want: []any{"л", "кг"}},
		{name: "FFD 1.2 without a default", cfg: Config{FFDVersion: "1.2"}, want: []any{"л", "шт"}},
		{name: "FFD 1.05", cfg: Config{MeasurementUnit: "кг"}, want: []any{nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, s := newWith(t, tt.cfg, step{method: "Init", body: initAnswer})
			_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("200.00"),
				Receipt: &payments.Receipt{TaxSystem: "osn", Email: "a@b.c", Items: lines}})
			if err != nil {
				t.Fatal(err)
			}
			var got []any
			for _, it := range sentItems(t, s, 0) {
				got = append(got, it["MeasurementUnit"])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("MeasurementUnit per line (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReceiptMeasurementUnitRefused: a bad unit on a line (of a payment
// or a capture), or as the configured default, is ErrInvalidRequest, and
// nothing is sent.
func TestReceiptMeasurementUnitRefused(t *testing.T) {
	t.Parallel()
	p, s := newWith(t, Config{FFDVersion: "1.2"})
	_, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "o", Amount: rub("10.00"),
		Receipt: &payments.Receipt{TaxSystem: "osn", Email: "a@b.c", Items: []payments.ReceiptItem{
			{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none", MeasurementUnit: "шт\n"}}}})
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("a line's unit with a newline: %v, want ErrInvalidRequest", err)
	}
	s.done()
	_, err = p.Capture(context.Background(), &payments.CaptureRequest{OrderID: "o", Receipt: &payments.Receipt{TaxSystem: "osn", Email: "a@b.c",
		Items: []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none", MeasurementUnit: " шт"}}}})
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("a capture receipt with a bad unit: %v, want ErrInvalidRequest before any request", err)
	}
	s.done()
	for _, unit := range []string{" шт", "единица измерения", "\x00"} {
		if _, err := New(Config{TerminalKey: testTerminal, Password: testPassword, MeasurementUnit: unit}); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("Config.MeasurementUnit %q: %v, want ErrInvalidRequest", unit, err)
		}
	}
}

// TestReceiptTaxation: a receipt's own TaxSystem wins over
// Config.Taxation, which fills in an empty one; without either, or with
// a value T-Bank does not list (osn, usn_income, usn_income_outcome, esn,
// patent: Receipt_FFD_105/Receipt_FFD_12), the receipt is refused.
// Payments (Init) and refunds (Cancel) alike; a refused refund receipt
// is refused before the payment is looked up.
func TestReceiptTaxation(t *testing.T) {
	t.Parallel()
	line := []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("400.00"), Tax: "none"}}
	tests := []struct {
		name, config, receipt string
		want                  string // "" = refused
	}{
		{name: "receipt over config", config: "usn_income", receipt: "osn", want: "osn"},
		{name: "config fills in", config: "usn_income", want: "usn_income"},
		{name: "receipt alone", receipt: "patent", want: "patent"},
		{name: "neither"},
		{name: "unknown on the receipt", config: "usn_income", receipt: "envd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &payments.Receipt{TaxSystem: tt.receipt, Email: "a@b.c", Items: line}
			var steps []step
			if tt.want != "" {
				steps = []step{{method: "Init", body: initAnswer}, {method: "CheckOrder", body: `{"Success":true,"ErrorCode":"0","Payments":[{"Status":"CONFIRMED","PaymentId":"7003551234"}]}`},
					{method: "GetState", body: stateAnswer("CONFIRMED")},
					{method: "Cancel", body: `{"Success":true,"ErrorCode":"0","Status":"PARTIAL_REFUNDED","OriginalAmount":100000,"NewAmount":60000,"PaymentId":"7003551234","OrderId":"order-42","ExternalRequestId":"refund-42-1"}`}}
			}
			p, s := newWith(t, Config{Taxation: tt.config}, steps...)
			amt := rub("400.00")
			_, initErr := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "order-42", Amount: amt, Receipt: r})
			_, refundErr := p.Refund(context.Background(), &payments.RefundRequest{OrderID: "order-42", Amount: &amt, Reference: "refund-42-1", Receipt: r})
			s.done()
			if tt.want == "" {
				if !errors.Is(initErr, payments.ErrInvalidRequest) || !errors.Is(refundErr, payments.ErrInvalidRequest) {
					t.Errorf("Init: %v; Refund: %v; want ErrInvalidRequest for both", initErr, refundErr)
				}
				return
			}
			if initErr != nil || refundErr != nil {
				t.Fatalf("Init: %v; Refund: %v", initErr, refundErr)
			}
			var got []string
			for _, n := range []int{0, 3} {
				var rc struct{ Taxation string }
				_ = json.Unmarshal(s.sent[n]["Receipt"], &rc)
				got = append(got, rc.Taxation)
			}
			if diff := cmp.Diff([]string{tt.want, tt.want}, got); diff != "" {
				t.Errorf("Taxation of Init and Cancel (-want +got):\n%s", diff)
			}
		})
	}
}
