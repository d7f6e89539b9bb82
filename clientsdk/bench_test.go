package clientsdk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

// benchParams are the fields of a typical init (the README .sign() example
// of github.com/Space-Around/client-payment-sdk-python).
var benchParams = kv("amount", "10.00", "merchant_id", "15", "order", "241eeda4-7491-11ec-9c7f-0242ac130021",
	"product_id", "15", "notification_url", "http://25ab-91-241-13-31.ngrok.io/webhooks")

// BenchmarkSign is the public Sign: canonical payload, a go-jose signer
// built for the secret, the JWS assembled by go-jose.
func BenchmarkSign(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign("/init", "POST", benchParams, testSecret); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProviderSign is what each request costs: the Provider reuses
// one go-jose signer.
func BenchmarkProviderSign(b *testing.B) {
	p, err := New(testConfig(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		payload, err := canonical("/init", "POST", benchParams)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := signJWS(p.signer, payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHMACFloor is the cryptographic floor Sign cannot avoid:
// HMAC-SHA256 over header.b64(payload) of the same canonical payload, then
// base64url of the MAC.
func BenchmarkHMACFloor(b *testing.B) {
	payload := appendCanonical(nil, "/init", "POST", sortParams(benchParams))
	key := []byte(testSecret)
	enc := base64.RawURLEncoding
	b.ReportAllocs()
	for b.Loop() {
		input := make([]byte, 0, 21+enc.EncodedLen(len(payload)))
		input = append(input, protectedHeader+"."...)
		input = enc.AppendEncode(input, payload)
		m := hmac.New(sha256.New, key)
		m.Write(input)
		_ = enc.EncodeToString(m.Sum(nil))
	}
}

// BenchmarkVerifyWebhook is the webhook path of exampleE: parse,
// verify, build the event.
func BenchmarkVerifyWebhook(b *testing.B) {
	p, err := New(testConfig(nil))
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(exampleE)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.verifyBody(body); err != nil {
			b.Fatal(err)
		}
	}
}
