package clientsdk

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
)

// The public test credentials of both SDKs (merchant 13/15, product 15,
// secret aa21444f3f71: the examples of github.com/Space-Around/client-payment-sdk-python
// and github.com/creater777/sbank tests/_fixtures/config.php).
const (
	testSecret   = "aa21444f3f71"
	testMerchant = "13"
	testProduct  = "15"
	testNotifURL = "https://shop.example/webhooks"
)

// testNow is the clock of this package's tests.
var testNow = time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)

// testConfig is a valid configuration sending through rt.
func testConfig(rt http.RoundTripper) Config {
	return Config{
		BaseURL:          "https://sbank.test",
		MerchantID:       testMerchant,
		ProductID:        testProduct,
		Secret:           testSecret,
		NotificationPath: "/webhooks",
		NotificationURL:  testNotifURL,
		HTTPClient:       &http.Client{Transport: rt},
		Now:              func() time.Time { return testNow },
	}
}

// newTestProvider returns a provider over a fresh mock transport.
func newTestProvider(t *testing.T) (*Provider, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	p, err := New(testConfig(mt))
	if err != nil {
		t.Fatal(err)
	}
	return p, mt
}

// capture records the last request's parameters (query or form).
type capture struct {
	method string
	path   string
	params url.Values
	body   string
	ctype  string
}

// respond registers a responder for method and path that records the
// request into c and answers status and body as JSON.
func respond(mt *httpmock.MockTransport, method, path string, c *capture, status int, body string) {
	mt.RegisterResponder(method, "=~^https://sbank\\.test"+path+`(\?.*)?$`, func(r *http.Request) (*http.Response, error) {
		if c != nil {
			c.method, c.path, c.ctype = r.Method, r.URL.Path, r.Header.Get("Content-Type")
			if r.Method == http.MethodGet {
				c.params = r.URL.Query()
			} else {
				var body []byte
				if r.Body != nil {
					body, _ = io.ReadAll(r.Body)
				}
				c.body = string(body)
				c.params, _ = url.ParseQuery(c.body)
			}
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
}

// rub is an amount in roubles.
func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

// testCard is the card of the tests (and of the SDK examples).
func testCard() *payments.Card {
	return &payments.Card{Number: "4111111111111111", ExpMonth: 12, ExpYear: 2030, CVC: "123"}
}
