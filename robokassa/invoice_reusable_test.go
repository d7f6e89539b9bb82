package robokassa

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/paykit/payments"
)

// TestCreateInvoiceReusableInvID: a Reusable invoice
// (https://docs.robokassa.ru/ru/invoice-api, "многоразовая ссылка") is paid
// many times, and the webhook event id is "result:<login>:<InvId>": a
// shop-given InvId on it would give all its payments one event id, and
// de-duplication would drop all but the first. CreateInvoice refuses it
// before sending, naming InvID; without an InvID a Reusable invoice is sent
// with no InvId, and a OneTime invoice keeps its InvId.
func TestCreateInvoiceReusableInvID(t *testing.T) {
	t.Parallel()
	t.Run("refused before sending", func(t *testing.T) {
		t.Parallel()
		tr := httpmock.NewMockTransport()
		p := newProvider(t, tr, nil)
		inv := &Invoice{Type: InvoiceReusable, InvID: 77, Amount: rub("1.00"), Description: "subscription"}
		_, err := p.CreateInvoice(t.Context(), inv)
		var pe *payments.Error
		if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || pe.Op != OpCreateInvoice {
			t.Fatalf("err = %#v, want ErrInvalidRequest from %s", err, OpCreateInvoice)
		}
		if !strings.Contains(err.Error(), "InvID") || !strings.Contains(err.Error(), "Reusable") {
			t.Errorf("err = %q, want it to name InvID and Reusable", err)
		}
		if n := tr.GetTotalCallCount(); n != 0 {
			t.Errorf("%d requests sent, want none", n)
		}
	})
	tests := []struct {
		name      string
		inv       Invoice
		wantInvID any // the payload's InvId; nil when absent
	}{
		{"reusable without InvID", Invoice{Type: InvoiceReusable, Amount: rub("1.00")}, nil},
		{"one-time with InvID", Invoice{Type: InvoiceOneTime, InvID: 77, Amount: rub("1.00")}, float64(77)},
		{"default type with InvID", Invoice{InvID: 78, Amount: rub("1.00")}, float64(78)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, payload := sentInvoice(t, &tt.inv)
			got := []any{payload["InvoiceType"], payload["InvId"]}
			want := []any{string(tt.inv.Type), tt.wantInvID}
			if tt.inv.Type == "" {
				want[0] = string(InvoiceOneTime)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("InvoiceType, InvId sent (-want +got):\n%s", diff)
			}
		})
	}
}
