package clientsdk

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// TestWebhookFormErrors checks every refusal of signature parsing, by its
// category and its reason: a refusal that returned no error would go on to
// a signature check and fail differently, or not at all.
func TestWebhookFormErrors(t *testing.T) {
	t.Parallel()
	signed := signedBody(t, kv("invoice_id", "7", "order", "1", "status", "failed"))
	sig := func(s string) string { return "invoice_id=7&order=1&status=failed&signature=" + url.QueryEscape(s) }
	tests := []struct {
		name, body string
		kind       error
		reason     string
	}{
		{"not a form", "a=%zz&signature=" + sigE, payments.ErrInvalidRequest, "not a form"},
		{"repeated field", signed + "&order=1", payments.ErrInvalidRequest, `"order" is repeated`},
		{"repeated signature", signed + "&signature=" + sigE, payments.ErrInvalidRequest, `"signature" is repeated`},
		{"field without a name", signed + "&=x", payments.ErrInvalidRequest, "without a name"},
		{"name with a quote", signed + "&a%22b=x", payments.ErrInvalidRequest, "field name"},
		{"name not UTF-8", signed + "&a%ff=x", payments.ErrInvalidRequest, "field name"},
		{"value with a newline", signed + "&note=a%0Ab", payments.ErrInvalidRequest, `"note" has a quote, backslash or control character`},
		{"no signature", "invoice_id=7&order=1", payments.ErrInvalidSignature, "has no signature"},
		{"empty signature", sig(""), payments.ErrInvalidSignature, "has no signature"},
		{"JWS with two segments", sig(protectedHeader + "." + sigE), payments.ErrInvalidSignature, "neither a signature nor an HS256 JWS"},
		{"JWS with another header", sig("eyJhbGciOiJub25lIn0.." + sigE), payments.ErrInvalidSignature, "neither a signature nor an HS256 JWS"},
		{"42 characters", sig(sigE[:42]), payments.ErrInvalidSignature, "has 42 characters, not 43"},
		{"44 characters", sig(sigE + "A"), payments.ErrInvalidSignature, "has 44 characters, not 43"},
		{"not base64url", sig(strings.Repeat("+", 43)), payments.ErrInvalidSignature, "not base64url"},
		{"wrong signature", sig(sigE), payments.ErrInvalidSignature, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newTestProvider(t)
			_, err := p.VerifyWebhook(t.Context(), webhookRequest(tt.body))
			other := payments.ErrInvalidSignature
			if tt.kind == payments.ErrInvalidSignature {
				other = payments.ErrInvalidRequest
			}
			if !errors.Is(err, tt.kind) || errors.Is(err, other) || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("err %v, want %v saying %q", err, tt.kind, tt.reason)
			}
			form, perr := url.ParseQuery(tt.body)
			if perr != nil {
				return
			}
			err = VerifyFormSignature(form, "/webhooks", testSecret)
			if !errors.Is(err, tt.kind) || errors.Is(err, other) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("VerifyFormSignature: err %v, want %v saying %q", err, tt.kind, tt.reason)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Op != payments.OpVerifyWebhook {
				t.Errorf("VerifyFormSignature: error %#v lacks its operation", err)
			}
		})
	}
}
