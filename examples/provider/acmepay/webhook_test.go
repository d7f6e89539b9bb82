package acmepay_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/examples/provider/acmepay/acmetest"
)

const webhookBody = `{"id":"evt_7","account":"acct/demo","type":"refund","order_id":"1002","payment_id":"pay_2","status":"refunded","amount":"10.00","currency":"RUB"}`

// TestVerifyWebhook checks the signature over the raw body before the body
// is trusted, and names the event by account and event id.
func TestVerifyWebhook(t *testing.T) {
	t.Parallel()
	signed := func(body string) *http.Request { return acmetest.SignedWebhook([]byte(body), testWebhookSecret) }
	withHeader := func(r *http.Request, k, v string) *http.Request { r.Header.Set(k, v); return r }
	tests := []struct {
		name     string
		req      *http.Request
		wantKind error
	}{
		{"signed with another secret", acmetest.SignedWebhook([]byte(webhookBody), "other"), payments.ErrInvalidSignature},
		{"signature dropped", withHeader(signed(webhookBody), "Acme-Signature", ""), payments.ErrInvalidSignature},
		{"signature of another body", withHeader(signed(webhookBody), "Acme-Signature", signed("{}").Header.Get("Acme-Signature")), payments.ErrInvalidSignature},
		{"signature in upper case hex, truncated", withHeader(signed(webhookBody), "Acme-Signature", strings.ToUpper(signed(webhookBody).Header.Get("Acme-Signature"))[:10]), payments.ErrInvalidSignature},
		{"not JSON content", withHeader(signed(webhookBody), "Content-Type", "application/x-www-form-urlencoded"), payments.ErrInvalidRequest},
		{"signed but not JSON", signed(`{"id":`), payments.ErrInvalidRequest},
		{"signed but unknown status", signed(strings.Replace(webhookBody, `"refunded"`, `"teleported"`, 1)), payments.ErrInvalidRequest},
		{"signed but no account", signed(strings.Replace(webhookBody, `"acct/demo"`, `""`, 1)), payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := providerOn(t, nil).VerifyWebhook(context.Background(), tt.req)
			if !errors.Is(err, tt.wantKind) {
				t.Errorf("error %v, want one wrapping %v", err, tt.wantKind)
			}
		})
	}

	ev, err := providerOn(t, nil).VerifyWebhook(context.Background(), signed(webhookBody))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{ev.ID, string(ev.Type), ev.OrderID, ev.PaymentID, string(ev.Status), ev.Amount.String(), ev.Ack.Body}
	want := []string{"acct%2Fdemo/evt_7", "refund", "1002", "pay_2", "refunded", "10.00 RUB", `{"received":true}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
}

// TestVerifyWebhookOversized: a body over the limit is refused with the
// *http.MaxBytesError kept as cause, so that the Client answers 413.
func TestVerifyWebhookOversized(t *testing.T) {
	t.Parallel()
	body := append([]byte(webhookBody), bytes.Repeat([]byte(" "), 1<<20)...)
	_, err := providerOn(t, nil).VerifyWebhook(context.Background(), acmetest.SignedWebhook(body, testWebhookSecret))
	var mbe *http.MaxBytesError
	if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &mbe) {
		t.Errorf("error %v, want ErrInvalidRequest with an *http.MaxBytesError", err)
	}
}

// FuzzVerifyWebhook: no body or signature header panics the verifier, and
// whatever it accepts was signed with the secret.
func FuzzVerifyWebhook(f *testing.F) {
	f.Add([]byte(webhookBody), true)
	f.Add([]byte(`{"id":"e","account":"a","type":"payment","order_id":"1","status":"succeeded","amount":"1e9","currency":"RUB"}`), true)
	f.Add([]byte(`{"amount":"-0.001","currency":"XXX"}`), true)
	f.Add([]byte(`null`), true)
	f.Add([]byte(webhookBody), false)
	p := providerOn(f, nil)
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		r := acmetest.SignedWebhook(body, testWebhookSecret)
		if !sign {
			r.Header.Set("Acme-Signature", "00")
		}
		ev, err := p.VerifyWebhook(context.Background(), r)
		if err == nil && (!sign || ev == nil || ev.ID == "") {
			t.Fatalf("accepted %q (signed %v) as %+v", body, sign, ev)
		}
		if err != nil && !errors.Is(err, payments.ErrInvalidRequest) && !errors.Is(err, payments.ErrInvalidSignature) {
			t.Fatalf("error %v is neither invalid request nor invalid signature", err)
		}
	})
}
