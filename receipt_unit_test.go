package payments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// TestClientChecksMeasurementUnit checks a receipt line's unit (FFD 1.2
// tag 2108) on payments and refunds before the provider sees it: T-Bank's
// documented units ("шт", "кВт · ч", «Описание дополнительных объектов»,
// https://www.tbank.ru/kassa/dev/payments/) and free text pass; control
// characters, surrounding spaces and overlong text are ErrInvalidRequest.
func TestClientChecksMeasurementUnit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		unit string
		ok   bool
	}{
		{name: "none", ok: true},
		{name: "pieces", unit: "шт", ok: true},
		{name: "kilowatt-hour", unit: "кВт · ч", ok: true},
		{name: "cubic metre", unit: "куб. м", ok: true},
		{name: "free text", unit: "упак", ok: true},
		{name: "longest", unit: strings.Repeat("ш", payments.MaxMeasurementUnit), ok: true},
		{name: "too long", unit: strings.Repeat("ш", payments.MaxMeasurementUnit+1)},
		{name: "only spaces", unit: "  "},
		{name: "leading space", unit: " шт"},
		{name: "trailing newline", unit: "шт\n"},
		{name: "control character", unit: "ш\x00т"},
		{name: "invalid UTF-8", unit: "\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStub()
			c := newClient(t, s, nil)
			req := receiptReq()
			req.Receipt.Items[0].MeasurementUnit = tt.unit
			_, initErr := c.InitPayment(context.Background(), req)
			_, refundErr := c.Refund(context.Background(), &payments.RefundRequest{OrderID: "1001", Reference: "r-1", Receipt: req.Receipt})
			unitErr := payments.ValidateMeasurementUnit(tt.unit)
			if tt.ok {
				if initErr != nil || refundErr != nil || unitErr != nil {
					t.Fatalf("InitPayment: %v; Refund: %v; ValidateMeasurementUnit: %v; want no errors", initErr, refundErr, unitErr)
				}
				return
			}
			wantErr(t, initErr, payments.ErrInvalidRequest, payments.OpInitPayment)
			wantErr(t, refundErr, payments.ErrInvalidRequest, payments.OpRefund)
			if !errors.Is(unitErr, payments.ErrInvalidRequest) {
				t.Errorf("ValidateMeasurementUnit(%q) = %v, want ErrInvalidRequest", tt.unit, unitErr)
			}
			if n := s.Total(); n != 0 {
				t.Errorf("provider called %d times for an invalid unit", n)
			}
		})
	}
}
