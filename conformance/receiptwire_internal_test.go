package conformance

import (
	"encoding/base64"
	"net/url"
	"testing"
)

// A receipt line is found however the provider put it on the wire: as it
// is, URL-escaped once or more (a receipt inside a payment link), or in the
// payload of any JWS in a request; and not found when it is not there.
func TestCarries(t *testing.T) {
	t.Parallel()
	receipt := `{"items":[{"name":"Pencil","sum":4}]}`
	jws := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(receipt)) + ".c2lnbmF0dXJl"
	other := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"op":"refund"}`)) + ".c2lnbmF0dXJl"
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"as it is", "POST /pay\n" + receipt, true},
		{"escaped once", "https://pay.example/?Receipt=" + url.QueryEscape(receipt), true},
		{"escaped twice", "https://pay.example/?Receipt=" + url.QueryEscape(url.QueryEscape(receipt)), true},
		{"escaped thrice", "https://pay.example/?Receipt=" + url.QueryEscape(url.QueryEscape(url.QueryEscape(receipt))), true},
		{"in a JWS", "POST /refund\n" + jws, true},
		{"in the second JWS", "POST /refund\n" + other + "&" + jws, true},
		{"in no JWS", "POST /refund\n" + other, false},
		{"absent", "https://pay.example/?Receipt=" + url.QueryEscape(`{"items":[{"name":"Notebook"}]}`), false},
	}
	for _, tt := range tests {
		if got := carries([]string{"GET /other", tt.text}, "Pencil"); got != tt.want {
			t.Errorf("%s: carries = %v, want %v", tt.name, got, tt.want)
		}
	}
}
