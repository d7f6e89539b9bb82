package clientsdk

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

func TestWithdraw(t *testing.T) {
	t.Parallel()
	p, mt := newTestProvider(t)
	var c capture
	respond(mt, "POST", "/withdrawal_request", &c, 200,
		`{"status":"success","withdrawal_request":{"id":1523,"order":"2001","amount":"50.0000","currency":"RUB","status":"new","pan":"4111111111111111"}}`)
	w, err := p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: "4111111111111111"}})
	if err != nil {
		t.Fatal(err)
	}
	wantBody := "amount=50.00&currency=RUB&merchant_id=13&order=2001&pan=4111111111111111&notification_url=https%3A%2F%2Fshop.example%2Fwebhooks&signature="
	if !strings.HasPrefix(c.body, wantBody) {
		t.Errorf("body %q, want prefix %q", c.body, wantBody)
	}
	wantSigned(t, &c)
	want := &payments.Withdrawal{ID: "1523", OrderID: "2001", Amount: rub("50.0000"), Status: payments.StatusPending,
		Raw: map[string]string{"id": "1523", "order": "2001", "amount": "50.0000", "currency": "RUB", "status": "new", "pan": "411111******1111"}}
	if diff := cmp.Diff(want, w); diff != "" {
		t.Errorf("withdrawal (-want +got):\n%s", diff)
	}
}

func TestWithdrawNoStatusIsProcessing(t *testing.T) {
	t.Parallel()
	p, mt := newTestProvider(t)
	// github.com/creater777/sbank tests/SbankApiTest.php testDrawalAction reads only
	// withdrawal_request.id.
	respond(mt, "POST", "/withdrawal_request", nil, 200, `{"status":"success","withdrawal_request":{"id":"77"}}`)
	w, err := p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50"), Card: &payments.Card{Number: "4111111111111111"}})
	if err != nil {
		t.Fatal(err)
	}
	if w.ID != "77" || w.OrderID != "2001" || w.Status != payments.StatusProcessing {
		t.Errorf("withdrawal %+v", w)
	}
}

func TestWithdrawalStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		q         payments.WithdrawalQuery
		body      string
		wantQuery url.Values
		want      *payments.Withdrawal
	}{
		{
			name: "by id",
			q:    payments.WithdrawalQuery{ID: "1523"},
			body: `{"status":"success","withdrawal_request":{"id":1523,"order":"2001","requested_amount":"50.0000","fee":"1.2500","currency":"RUB","status":"failed","payment_error_code":"51","payment_error":"Card 4111111111111111 blocked"}}`,
			wantQuery: url.Values{"merchant_id": {"13"}, "id": {"1523"},
				"signature": {mustSign(t, "/withdrawal_request", "GET", kv("merchant_id", "13", "id", "1523"))}},
			want: &payments.Withdrawal{ID: "1523", OrderID: "2001", Amount: rub("50"), Fee: rub("1.25"), Status: payments.StatusFailed,
				ErrorCode: "51", ErrorMessage: "Card 411111******1111 blocked",
				Raw: map[string]string{"id": "1523", "order": "2001", "requested_amount": "50.0000", "fee": "1.2500", "currency": "RUB",
					"status": "failed", "payment_error_code": "51", "payment_error": "Card 411111******1111 blocked"}},
		},
		{
			name: "by order",
			q:    payments.WithdrawalQuery{OrderID: "2001"},
			body: `{"status":"success","withdrawal_request":{"id":"1523"}}`,
			wantQuery: url.Values{"merchant_id": {"13"}, "order": {"2001"},
				"signature": {mustSign(t, "/withdrawal_request", "GET", kv("merchant_id", "13", "order", "2001"))}},
			want: &payments.Withdrawal{ID: "1523", OrderID: "2001", Status: payments.StatusUnknown, Raw: map[string]string{"id": "1523"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			var c capture
			respond(mt, "GET", "/withdrawal_request", &c, 200, tt.body)
			got, err := p.WithdrawalStatus(t.Context(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantQuery, c.params); diff != "" {
				t.Errorf("query (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("withdrawal (-want +got):\n%s", diff)
			}
		})
	}
}

func mustSign(t *testing.T, endpoint, method string, params []Param) string {
	t.Helper()
	s, err := Sign(endpoint, method, params, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWithdrawalStatusErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    payments.WithdrawalQuery
		body string
		kind error
	}{
		{name: "neither id nor order", kind: payments.ErrInvalidRequest},
		{name: "both", q: payments.WithdrawalQuery{ID: "1", OrderID: "2"}, kind: payments.ErrInvalidRequest},
		{name: "answer for another payout", q: payments.WithdrawalQuery{ID: "1"}, body: `{"status":"success","withdrawal_request":{"id":2}}`, kind: payments.ErrProtocol},
		{name: "no object", q: payments.WithdrawalQuery{ID: "1"}, body: `{"status":"success"}`, kind: payments.ErrProtocol},
		{name: "object without id", q: payments.WithdrawalQuery{ID: "1"}, body: `{"status":"success","withdrawal_request":{"order":"2"}}`, kind: payments.ErrProtocol},
		{name: "unknown payout", q: payments.WithdrawalQuery{OrderID: "9"}, body: `{"status":"error","field_errors":{"order":["Withdrawal request does not exist"]}}`, kind: payments.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			respond(mt, "GET", "/withdrawal_request", nil, 200, tt.body)
			_, err := p.WithdrawalStatus(t.Context(), tt.q)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err %v, want %v", err, tt.kind)
			}
		})
	}
}

func TestWithdrawRejectsBeforeSending(t *testing.T) {
	t.Parallel()
	card := &payments.Card{Number: "4111111111111111"}
	tests := []struct {
		name string
		req  *payments.WithdrawalRequest
	}{
		{name: "nil"},
		{name: "no order", req: &payments.WithdrawalRequest{Amount: rub("1"), Card: card}},
		{name: "zero", req: &payments.WithdrawalRequest{OrderID: "1", Amount: rub("0"), Card: card}},
		{name: "no card", req: &payments.WithdrawalRequest{OrderID: "1", Amount: rub("1")}},
		{name: "bad card", req: &payments.WithdrawalRequest{OrderID: "1", Amount: rub("1"), Card: &payments.Card{Number: "4111111111111112"}}},
		{name: "no currency", req: &payments.WithdrawalRequest{OrderID: "1", Amount: payments.Money{Amount: rub("1").Amount}, Card: card}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			_, err := p.Withdraw(t.Context(), tt.req)
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("err %v, want ErrInvalidRequest", err)
			}
			if strings.Contains(err.Error(), "4111111111111112") {
				t.Errorf("error %q shows the card number", err)
			}
			if mt.GetTotalCallCount() != 0 {
				t.Error("a request was sent")
			}
		})
	}
}
