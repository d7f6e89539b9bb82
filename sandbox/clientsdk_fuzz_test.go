package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"net/url"
	"testing"

	"github.com/paykit/payments/clientsdk"
)

// csSignedBody returns params form-encoded with their sandbox signature.
func csSignedBody(tb testing.TB, path, method string, params []clientsdk.Param) string {
	tb.Helper()
	sig, err := clientsdk.Sign(path, method, params, ClientSDKSecret)
	if err != nil {
		tb.Fatal(err)
	}
	v := url.Values{}
	for _, p := range params {
		v.Set(p.Key, p.Value)
	}
	v.Set("signature", sig)
	return v.Encode()
}

// FuzzClientSDKInit feeds arbitrary bodies to POST /init: the answer is
// always one of the documented statuses with a JSON body, never a panic.
func FuzzClientSDKInit(f *testing.F) {
	base := []clientsdk.Param{
		{Key: "amount", Value: "10.00"}, {Key: "merchant_id", Value: "13"},
		{Key: "order", Value: "1"}, {Key: "product_id", Value: "15"},
	}
	f.Add(csSignedBody(f, "/init", "POST", base))
	f.Add(csSignedBody(f, "/init", "POST", append(base[:4:4],
		clientsdk.Param{Key: "pan", Value: "4111111111111111"}, clientsdk.Param{Key: "expire_month", Value: "12"},
		clientsdk.Param{Key: "expire_year", Value: "30"}, clientsdk.Param{Key: "cvc", Value: "123"},
		clientsdk.Param{Key: "device_channel", Value: "BRW"})))
	f.Add(csSignedBody(f, "/init", "POST", []clientsdk.Param{{Key: "merchant_id", Value: "13"}, {Key: "amount", Value: "1e3"}}))
	f.Add("amount=10&amount=11&merchant_id=13")
	f.Add("%zz")
	f.Add("")
	sb, err := New(Options{HTTPClient: &http.Client{Transport: csNoNetwork{}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = sb.Close() })
	sb.SetBaseURL("https://sandbox.test")
	f.Fuzz(func(t *testing.T, body string) {
		rec := csServe(sb, http.MethodPost, "/init", body)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge,
			http.StatusInternalServerError, http.StatusServiceUnavailable:
		default:
			t.Fatalf("HTTP %d", rec.Code)
		}
		csDecodeJSON(t, rec.Body.Bytes())
	})
}

// FuzzClientSDKACSKey feeds arbitrary CReq values to the ACS decoder.
func FuzzClientSDKACSKey(f *testing.F) {
	f.Add(csACSForm(&csPayment{key: "abc", invoiceID: 1})["creq"])
	f.Add("e30")
	f.Add("!!!")
	f.Fuzz(func(t *testing.T, creq string) {
		_ = csACSKey(creq)
	})
}

// csNoNetwork refuses every request: fuzzing must not deliver webhooks.
type csNoNetwork struct{}

func (csNoNetwork) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, http.ErrNotSupported
}

// BenchmarkClientSDKStatus measures a signed GET /status, next to
// BenchmarkClientSDKHMACFloor, the HMAC-SHA256 it cannot avoid.
func BenchmarkClientSDKStatus(b *testing.B) {
	sb, err := New(Options{HTTPClient: &http.Client{Transport: csNoNetwork{}}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = sb.Close() })
	init := csSignedBody(b, "/init", "POST", []clientsdk.Param{
		{Key: "amount", Value: "10.00"}, {Key: "merchant_id", Value: "13"}, {Key: "order", Value: "1"}, {Key: "product_id", Value: "15"},
	})
	if rec := csServe(sb, http.MethodPost, "/init", init); rec.Code != http.StatusOK {
		b.Fatalf("init: HTTP %d", rec.Code)
	}
	target := "/status?" + csSignedBody(b, "/status", "GET", []clientsdk.Param{
		{Key: "merchant_id", Value: "13"}, {Key: "order", Value: "1"}, {Key: "product_id", Value: "15"},
	})
	b.ReportAllocs()
	for b.Loop() {
		if rec := csServe(sb, http.MethodGet, target, ""); rec.Code != http.StatusOK {
			b.Fatalf("HTTP %d", rec.Code)
		}
	}
}

// BenchmarkClientSDKHMACFloor is the bare HMAC-SHA256 over a status
// payload's size.
func BenchmarkClientSDKHMACFloor(b *testing.B) {
	payload := make([]byte, 160)
	b.ReportAllocs()
	for b.Loop() {
		m := hmac.New(sha256.New, []byte(ClientSDKSecret))
		m.Write(payload)
		_ = m.Sum(nil)
	}
}
