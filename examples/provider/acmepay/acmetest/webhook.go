package acmetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
)

// SignedWebhook returns a delivery of body as Acme Pay sends it: a POST of
// application/json to /webhooks whose Acme-Signature header is the
// lowercase hex HMAC-SHA256 of body with secret.
func SignedWebhook(body []byte, secret string) *http.Request {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	r := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Acme-Signature", hex.EncodeToString(mac.Sum(nil)))
	return r
}
