package paymentstest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestReceiptWireKeepsContact checks that a receipt sent through the fake's
// HTTP API keeps the buyer's e-mail and phone.
func TestReceiptWireKeepsContact(t *testing.T) {
	t.Parallel()
	want := &payments.Receipt{TaxSystem: "osn", Email: "buyer@example.com", Phone: "+79001234567", Items: []payments.ReceiptItem{{
		Name: "Tea", Quantity: decimal.RequireFromString("0.5"), Amount: payments.MustParseMoney("5.00", payments.RUB), Tax: "none",
	}}}
	got, err := toAPIReceipt(want).receipt(payments.RUB)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("receipt after the wire (-want +got):\n%s", diff)
	}
}
