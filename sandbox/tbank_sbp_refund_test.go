package sandbox

import (
	"encoding/json"
	"testing"
)

// TestTBankSBPRefundNotIdempotent: as at T-Bank, Cancel's ExternalRequestId
// is no idempotency key for an SBP payment (/v2/Cancel, ExternalRequestId:
// "не работает для СБП", https://www.tbank.ru/kassa/dev/payments/): the
// same ExternalRequestId sent twice refunds twice, so that a client that
// relies on it for SBP is caught here rather than in production. A card
// payment's repeat still refunds nothing.
func TestTBankSBPRefundNotIdempotent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		sbp        bool
		wantStatus []string
	}{
		{"sbp", true, []string{tbPartialRefunded, "REFUNDED"}},
		{"card", false, []string{tbPartialRefunded, tbPartialRefunded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTBEnv(t, TBankTerminal{})
			id, _ := e.create(map[string]any{"Amount": 150000, "OrderId": "refund-" + tt.name, "Description": "Заказ"})
			if tt.sbp {
				e.getQr(id, "")
				if err := e.sb.TBankSBPPay(t.Context(), id, true); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := e.sb.TBankPay(t.Context(), id, ""); err != nil {
					t.Fatal(err)
				}
			}
			if got := e.status(id); got != tbConfirmed {
				t.Fatalf("paid: %s, want CONFIRMED", got)
			}
			for i, want := range tt.wantStatus {
				a := e.call("Cancel", map[string]any{"PaymentId": id, "Amount": json.Number("75000"), "ExternalRequestId": "refund-1"})
				if a["Success"] != true || a["Status"] != want {
					t.Errorf("Cancel %d = %v, want Status %s", i+1, a, want)
				}
			}
		})
	}
}
