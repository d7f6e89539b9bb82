package clientsdk

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

func TestPaymentStatusRequest(t *testing.T) {
	t.Parallel()
	p, mt := newTestProvider(t)
	var c capture
	respond(mt, "GET", "/status", &c, 200, `{"status":"success","payment_status":"complete"}`)
	if _, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "fb11ff6c-7145-11ec-9e37-0242ac130032"}); err != nil {
		t.Fatal(err)
	}
	// The query of examples/payment_status.py (github.com/Space-Around/client-payment-sdk-python),
	// same signature.
	want := "merchant_id=13&order=fb11ff6c-7145-11ec-9e37-0242ac130032&product_id=15&signature=AylGUVX-98EcoZG4DFaIEbGkseAiQJGQs2bb11ikVZQ"
	if got := c.params.Encode(); got != want {
		t.Errorf("query %s, want %s", got, want)
	}
}

func TestPaymentStatusMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want *payments.Payment
	}{
		{
			name: "paid, with amount and unknown keys",
			body: `{"status":"success","payment_status":"complete","refund_status":null,"last_payment_error_code":"","last_payment_error":"","amount":"10.0000","customer_fee":"0.5000","currency":"RUB","invoice_id":696,"extra":[1]}`,
			want: &payments.Payment{OrderID: "o-1", ID: "696", Status: payments.StatusSucceeded,
				Amount: rub("10.0000"), Fee: rub("0.5000"),
				Raw: map[string]string{"status": "success", "payment_status": "complete", "last_payment_error_code": "",
					"last_payment_error": "", "amount": "10.0000", "customer_fee": "0.5000", "currency": "RUB", "invoice_id": "696"}},
		},
		{
			name: "failed, with the README's error example",
			body: `{"status":"success","payment_status":"failed","last_payment_error_code":"common","last_payment_error":"insufficient funds"}`,
			want: &payments.Payment{OrderID: "o-1", Status: payments.StatusFailed, ErrorCode: "common", ErrorMessage: "insufficient funds",
				Raw: map[string]string{"status": "success", "payment_status": "failed", "last_payment_error_code": "common", "last_payment_error": "insufficient funds"}},
		},
		{
			name: "refunded after payment",
			body: `{"status":"success","payment_status":"paid","refund_status":"completed"}`,
			want: &payments.Payment{OrderID: "o-1", Status: payments.StatusRefunded, RefundStatus: payments.StatusRefunded,
				Raw: map[string]string{"status": "success", "payment_status": "paid", "refund_status": "completed"}},
		},
		{
			name: "refund in progress keeps the payment succeeded",
			body: `{"status":"success","payment_status":"success","refund_status":"pending"}`,
			want: &payments.Payment{OrderID: "o-1", Status: payments.StatusSucceeded, RefundStatus: payments.StatusProcessing,
				Raw: map[string]string{"status": "success", "payment_status": "success", "refund_status": "pending"}},
		},
		{
			name: "unknown value",
			body: `{"status":"success","payment_status":"on_hold_by_bank","refund_status":"weird"}`,
			want: &payments.Payment{OrderID: "o-1", Status: payments.StatusUnknown, RefundStatus: payments.StatusUnknown,
				Raw: map[string]string{"status": "success", "payment_status": "on_hold_by_bank", "refund_status": "weird"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			respond(mt, "GET", "/status", nil, 200, tt.body)
			got, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "o-1"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("payment (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStatusTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want payments.Status
	}{
		{"new", payments.StatusPending}, {"Created", payments.StatusPending}, {"pending", payments.StatusPending}, {"wait", payments.StatusPending},
		{"process", payments.StatusProcessing}, {"processing", payments.StatusProcessing},
		{"complete", payments.StatusSucceeded}, {"COMPLETED", payments.StatusSucceeded}, {"success", payments.StatusSucceeded}, {"paid", payments.StatusSucceeded},
		{"failed", payments.StatusFailed}, {"fail", payments.StatusFailed}, {"error", payments.StatusFailed}, {"declined", payments.StatusFailed},
		{"canceled", payments.StatusCanceled}, {"cancelled", payments.StatusCanceled},
		{"expired", payments.StatusExpired}, {"refunded", payments.StatusRefunded},
		{" complete ", payments.StatusSucceeded}, {"", payments.StatusUnknown}, {"späť", payments.StatusUnknown},
	}
	for _, tt := range tests {
		if got := mapStatus(statusTable, tt.in); got != tt.want {
			t.Errorf("mapStatus(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for k, v := range statusTable {
		if !v.Valid() {
			t.Errorf("statusTable[%q] = %q is not a core status", k, v)
		}
	}
	for k, v := range refundStatusTable {
		if v != "" && !v.Valid() {
			t.Errorf("refundStatusTable[%q] = %q is not a core status", k, v)
		}
	}
}

func TestPaymentStatusProtocolErrors(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"status":"success"}`,
		`{"status":"success","payment_status":{"a":1}}`,
		`{"status":"success","payment_status":"complete","amount":"1e3"}`,
		`{"status":"success","payment_status":"complete","amount":"10","currency":"XXQ"}`,
	} {
		p, mt := newTestProvider(t)
		respond(mt, "GET", "/status", nil, 200, body)
		_, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: "o-1"})
		if !errors.Is(err, payments.ErrProtocol) {
			t.Errorf("%s: err %v, want ErrProtocol", body, err)
		}
	}
}
