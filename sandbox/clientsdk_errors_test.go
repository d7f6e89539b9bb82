package sandbox

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
)

// TestClientSDKWrongSecret checks that every call signed with another
// secret is refused as the sandbox documents (HTTP 403 invalid_signature)
// and that the provider maps it onto payments.ErrUnauthorized with the code.
func TestClientSDKWrongSecret(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	e.fund("F-1", "100.00")
	bad, err := payments.New(e.provider("not-the-secret"), &payments.Options{Now: e.clock.Now, Retry: payments.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := e.ctx()
	calls := []struct {
		name string
		call func() error
	}{
		{"init", func() error { _, err := bad.InitPayment(ctx, e.initReq("W-1", "10.00")); return err }},
		{"status", func() error { _, err := bad.PaymentStatus(ctx, "F-1"); return err }},
		{"balance", func() error { _, err := bad.Balance(ctx, payments.RUB); return err }},
		{"withdraw", func() error {
			_, err := bad.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "W-2", Amount: e.rub("1.00"), Card: &payments.Card{Number: csTestCard}})
			return err
		}},
		{"withdrawal_status", func() error {
			_, err := bad.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "W-2"})
			return err
		}},
	}
	for _, c := range calls {
		err := c.call()
		var pe *payments.Error
		if !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &pe) || pe.Code != csCodeSignature {
			t.Errorf("%s: %v; want ErrUnauthorized with code %q", c.name, err, csCodeSignature)
		}
	}
	if _, ok := e.sb.ClientSDKPayment("W-1"); ok {
		t.Error("a wrongly signed init created a payment")
	}
	if _, ok := e.sb.ClientSDKWithdrawal("W-2"); ok {
		t.Error("a wrongly signed withdrawal created a payout")
	}
}

// TestClientSDKRawErrors sends hand-made requests and checks the error
// shapes the Python SDK's client_payment_sdk/client.py reads
// (github.com/Space-Around/client-payment-sdk-python) as the sandbox answers them.
func TestClientSDKRawErrors(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	good := []clientsdk.Param{
		{Key: "amount", Value: "10.00"}, {Key: "merchant_id", Value: "13"},
		{Key: "order", Value: "R-1"}, {Key: "product_id", Value: "15"},
	}
	tampered := append([]clientsdk.Param(nil), good...)
	tampered[0].Value = "1.00"
	otherMerchant := append([]clientsdk.Param(nil), good...)
	otherMerchant[1].Value = "14"
	onlyMerchant := []clientsdk.Param{{Key: "merchant_id", Value: "13"}}
	badCard := append(append([]clientsdk.Param(nil), good...),
		clientsdk.Param{Key: "pan", Value: "4111111111111112"}, clientsdk.Param{Key: "expire_month", Value: "13"},
		clientsdk.Param{Key: "expire_year", Value: "25"}, clientsdk.Param{Key: "cvc", Value: "12a"})
	tests := []struct {
		name       string
		method     string
		path       string
		params     []clientsdk.Param
		sig        string
		wantStatus int
		want       map[string]any
	}{
		{
			name: "missing_signature", method: "POST", path: "/init", params: good,
			wantStatus: http.StatusForbidden,
			want:       map[string]any{"code": csCodeSignature, "message": "Invalid signature: the signature field is missing"},
		},
		{
			name: "tampered_field", method: "POST", path: "/init", params: tampered, sig: csSign(t, "/init", "POST", good),
			wantStatus: http.StatusForbidden, want: map[string]any{"code": csCodeSignature, "message": "Invalid signature",
				"sandbox_hint": `sandbox: expected signature = the third segment of an HS256 JWS (header {"alg":"HS256"}) keyed with the merchant's <secret> over {"PATH":"/init","POST":{"amount":"1.00","merchant_id":"13","order":"R-1","product_id":"15"}}`},
		},
		{
			name: "signed_for_another_method", method: "POST", path: "/init", params: good, sig: csSign(t, "/init", "GET", good),
			wantStatus: http.StatusForbidden, want: map[string]any{"code": csCodeSignature, "message": "Invalid signature",
				"sandbox_hint": `sandbox: expected signature = the third segment of an HS256 JWS (header {"alg":"HS256"}) keyed with the merchant's <secret> over {"PATH":"/init","POST":{"amount":"10.00","merchant_id":"13","order":"R-1","product_id":"15"}}`},
		},
		{
			name: "unknown_merchant", method: "POST", path: "/init", params: otherMerchant, sig: csSign(t, "/init", "POST", otherMerchant),
			wantStatus: http.StatusForbidden, want: map[string]any{"code": csCodeSignature, "message": "Invalid signature: unknown merchant"},
		},
		{
			name: "missing_fields", method: "POST", path: "/init", params: onlyMerchant, sig: csSign(t, "/init", "POST", onlyMerchant),
			wantStatus: http.StatusOK,
			want: map[string]any{"status": "error", "field_errors": map[string]any{
				"amount": []any{csRequired}, "order": []any{csRequired}, "product_id": []any{csRequired},
			}},
		},
		{
			name: "bad_card_fields", method: "POST", path: "/init", params: badCard, sig: csSign(t, "/init", "POST", badCard),
			wantStatus: http.StatusOK,
			want: map[string]any{"status": "error", "field_errors": map[string]any{
				"pan": []any{"Invalid card number"}, "expire_month": []any{"Enter a valid month (01 to 12)."},
				"cvc": []any{"Enter a valid CVC."},
			}},
		},
		{
			name: "unknown_order", method: "GET", path: "/status",
			params:     []clientsdk.Param{{Key: "merchant_id", Value: "13"}, {Key: "order", Value: "nope"}, {Key: "product_id", Value: "15"}},
			sig:        csSign(t, "/status", "GET", []clientsdk.Param{{Key: "merchant_id", Value: "13"}, {Key: "order", Value: "nope"}, {Key: "product_id", Value: "15"}}),
			wantStatus: http.StatusOK,
			want:       map[string]any{"status": "error", "field_errors": map[string]any{"order": []any{"Order does not exist"}}},
		},
		{
			name: "withdrawal_status_without_id_or_order", method: "GET", path: "/withdrawal_request",
			params: onlyMerchant, sig: csSign(t, "/withdrawal_request", "GET", onlyMerchant),
			wantStatus: http.StatusOK,
			want:       map[string]any{"status": "error", "field_errors": map[string]any{"id": []any{"Either id or order is required."}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.raw(tt.method, tt.path, tt.params, tt.sig)
			if status != tt.wantStatus {
				t.Errorf("HTTP %d, want %d", status, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.want, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientSDKProviderErrors checks that the sandbox's answers reach the
// app as the right sentinels through the real provider.
func TestClientSDKProviderErrors(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	ctx := e.ctx()
	e.fund("F-1", "20.00")
	if _, err := e.client.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "P-1", Amount: e.rub("5.00"), Card: &payments.Card{Number: csTestCard}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"status_of_unknown_order", func() error { _, err := e.client.PaymentStatus(ctx, "nope"); return err }, payments.ErrNotFound},
		{"duplicate_order", func() error { _, err := e.client.InitPayment(ctx, e.initReq("F-1", "10.00")); return err }, payments.ErrDuplicate},
		{"payout_above_balance", func() error {
			_, err := e.client.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "P-2", Amount: e.rub("15.01"), Card: &payments.Card{Number: csTestCard}})
			return err
		}, payments.ErrInsufficientFunds},
		{"duplicate_payout_order", func() error {
			_, err := e.client.Withdraw(ctx, &payments.WithdrawalRequest{OrderID: "P-1", Amount: e.rub("1.00"), Card: &payments.Card{Number: csTestCard}})
			return err
		}, payments.ErrDuplicate},
		{"unknown_payout_id", func() error {
			_, err := e.client.WithdrawalStatus(ctx, payments.WithdrawalQuery{ID: "999999"})
			return err
		}, payments.ErrNotFound},
		{"unknown_payout_order", func() error {
			_, err := e.client.WithdrawalStatus(ctx, payments.WithdrawalQuery{OrderID: "nope"})
			return err
		}, payments.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	e.expectBalance("15.00")
}

// TestClientSDKExpiry checks that an unpaid payment expires after its
// lifetime: the status says expired and the page no longer offers Pay.
func TestClientSDKExpiry(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	r := e.initReq("E-1", "10.00")
	r.ExpiresAt = e.clock.Now().Add(60 * time.Second)
	pay, err := e.client.InitPayment(e.ctx(), r)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(61 * time.Second)
	st, err := e.client.PaymentStatus(e.ctx(), "E-1")
	if err != nil || st.Status != payments.StatusExpired {
		t.Fatalf("status %v, %v; want expired", st, err)
	}
	if form, html := e.openPage(pay.NextStep.URL); form != nil || !strings.Contains(html, "Expired") {
		t.Errorf("the page of an expired payment still offers Pay:\n%s", html)
	}
	if err := e.sb.ClientSDKPay(e.ctx(), "E-1"); !errors.Is(err, errCSDecided) {
		t.Errorf("ClientSDKPay of an expired payment: %v, want %v", err, errCSDecided)
	}
}

// TestClientSDKPublicSignatures checks that the sandbox accepts requests
// signed exactly as the public SDKs sign them, with the published
// signatures (secret aa21444f3f71).
func TestClientSDKPublicSignatures(t *testing.T) {
	t.Parallel()
	sb, err := New(Options{ClientSDK: ClientSDKMerchant{MerchantID: "13", ProductID: "15", Secret: "aa21444f3f71"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	sb.SetBaseURL("https://sandbox.test")
	sb15, err := New(Options{ClientSDK: ClientSDKMerchant{MerchantID: "15", ProductID: "15", Secret: "aa21444f3f71"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb15.Close() })
	sb15.SetBaseURL("https://sandbox.test")
	tests := []struct {
		name, method, target, body string
		sb                         *Server
		want                       map[string]any
	}{
		{
			// The README's .sign() example (github.com/Space-Around/client-payment-sdk-python), merchant 15.
			name: "init_readme", method: "POST", target: "/init", sb: sb15,
			body: "amount=10&merchant_id=15&order=241eeda4-7491-11ec-9c7f-0242ac130021&product_id=15&notification_url=http%3A%2F%2F25ab-91-241-13-31.ngrok.io%2Fwebhooks&signature=FAcbMIUZdaUJRBdDx4TcpCfA4kAh4W_b8SfI98jJv-E",
		},
		{
			// examples/payment_status.py (github.com/Space-Around/client-payment-sdk-python).
			name: "status_example", method: "GET", sb: sb,
			target: "/status?merchant_id=13&order=fb11ff6c-7145-11ec-9e37-0242ac130032&product_id=15&signature=AylGUVX-98EcoZG4DFaIEbGkseAiQJGQs2bb11ikVZQ",
			want:   map[string]any{"status": "error", "field_errors": map[string]any{"order": []any{"Order does not exist"}}},
		},
		{
			// examples/payment_balance.py (github.com/Space-Around/client-payment-sdk-python).
			name: "balance_example", method: "GET", sb: sb,
			target: "/balance?merchant_id=13&signature=TzO-3erdf4qYzY44AZ1iJmhjJo8omR72iY4nG_YWtfA",
			want:   map[string]any{"status": "success", "balance": "0.0000"},
		},
		{
			// The PHP SDK (github.com/creater777/sbank) adds currency=RUB.
			name: "balance_php", method: "GET", sb: sb,
			target: "/balance?merchant_id=13&currency=RUB&signature=UWacmMumRfQ8NHKEfNt1sVcvcNAgEyZtLgzax-lLe30",
			want:   map[string]any{"status": "success", "balance": "0.0000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := csServe(tt.sb, tt.method, tt.target, tt.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
			}
			body := csDecodeJSON(t, rec.Body.Bytes())
			if tt.want == nil {
				if body["status"] != "redirect" || !strings.HasPrefix(body["url"].(string), "https://sandbox.test"+csPagePath) {
					t.Errorf("init answer %v, want a redirect to the payment page", body)
				}
				return
			}
			if diff := cmp.Diff(tt.want, body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}
