package robokassa

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// TestReceiptContactIsNotSent checks that the buyer's e-mail and phone on a
// portable receipt, which Robokassa's receipt JSON has no field for, leave
// the payment form unchanged: the receipt is signed and sent as without
// them.
func TestReceiptContactIsNotSent(t *testing.T) {
	t.Parallel()
	form := func(email, phone string) []payments.Field {
		t.Helper()
		c, err := payments.New(newProvider(t, nil, nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		req := initRequest()
		req.Receipt = &payments.Receipt{Email: email, Phone: phone, Items: []payments.ReceiptItem{{
			Name: "Товар", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "vat22",
		}}}
		pay, err := c.InitPayment(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		return pay.NextStep.Fields
	}
	want := form("", "")
	if diff := cmp.Diff(want, form("buyer@example.com", "+79001234567")); diff != "" {
		t.Errorf("form fields with a receipt contact (-want +got):\n%s", diff)
	}
}

// TestRefundReceiptFractionalQuantity checks a refund's receipt line of a
// fractional quantity: T-Bank's documented partial refund of 50.00 of a
// 500.00 item (Quantity 0.1, https://www.tbank.ru/kassa/dev/payments/,
// /v2/Cancel) is sent to Refund/Create with the unit price 500 as Cost.
func TestRefundReceiptFractionalQuantity(t *testing.T) {
	t.Parallel()
	opOK := `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>500.000000</OutSum><OpKey>K</OpKey></Info></OperationStateResponse>`
	var body string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "OpStateExt") {
			return textResponse(200, opOK), nil
		}
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		return textResponse(200, `{"success":true,"message":null,"requestId":"r1"}`), nil
	})
	c, err := payments.New(newProvider(t, rt, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	fifty := rub("50.00")
	rec := &payments.Receipt{Email: "buyer@example.com", Items: []payments.ReceiptItem{{
		Name: "Товар", Quantity: decimal.RequireFromString("0.1"), Amount: fifty, Tax: "vat22",
	}}}
	if _, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Reference: "r-1", Amount: &fifty, Receipt: rec}); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(body, ".")
	if len(parts) != 3 {
		t.Fatalf("body %q is not a JWT", body)
	}
	pl, _ := base64.RawURLEncoding.DecodeString(parts[1])
	want := `{"OpKey":"K","RefundSum":50,"InvoiceItems":[{"Name":"Товар","Quantity":0.1,"Cost":500,"Tax":"vat22"}]}`
	if string(pl) != want {
		t.Errorf("payload = %s, want %s", pl, want)
	}
}
