package robokassa

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// One subtest per known disagreement between Robokassa's documentation (and
// its official github.com/robokassa/sdk-php) and the Python client
// aiorobokassa 1.1.4 or other public clients, showing the behaviour chosen.
func TestDisagreements(t *testing.T) {
	t.Parallel()

	t.Run("#1 receipt: sign what Robokassa sees after one decoding", func(t *testing.T) {
		t.Parallel()
		for _, enc := range []ReceiptEncoding{ReceiptURLEncoded, ReceiptRawJSON} {
			p := newProvider(t, nil, func(c *Config) { c.ReceiptEncoding = enc })
			u, err := p.PaymentURL(&Link{Amount: rub("10"), InvID: 9, Receipt: oneItemReceipt()})
			if err != nil {
				t.Fatal(err)
			}
			// Robokassa decodes the query once and hashes what it got.
			q := queryOf(t, u)
			seen := q.Get("Receipt")
			if got, want := q.Get("SignatureValue"), md5Upper("golden-shop:10.00:9:"+seen+":Pass1_golden8"); got != want {
				t.Errorf("encoding %d: signature %s does not cover the received Receipt (want %s)", enc, got, want)
			}
			// Either way the JSON is recoverable: raw, or after the second
			// decoding the documented variant asks Robokassa to do.
			js := seen
			if enc == ReceiptURLEncoded {
				js, _ = url.QueryUnescape(seen)
			}
			if js != oneItemReceiptJSON {
				t.Errorf("encoding %d: receipt JSON %s", enc, js)
			}
		}
		// aiorobokassa signs the raw JSON but sends urlencode(quote(json)):
		// after one decoding Robokassa sees quote(json), which was not signed.
		aioSeen := url.PathEscape(oneItemReceiptJSON)
		if aioSeen == oneItemReceiptJSON || md5Upper("golden-shop:10.00:9:"+oneItemReceiptJSON+":Pass1_golden8") == md5Upper("golden-shop:10.00:9:"+aioSeen+":Pass1_golden8") {
			t.Error("the aiorobokassa variant would verify")
		}
	})

	t.Run("#2 Shp pairs after Password1 in links and Password2 in callbacks", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, nil)
		u, _ := p.PaymentURL(&Link{Amount: rub("10"), InvID: 19, Shp: map[string]string{"order": "42"}})
		if queryOf(t, u).Get("SignatureValue") != md5Upper("golden-shop:10.00:19:Pass1_golden8:Shp_order=42") {
			t.Error("link Shp position")
		}
		if _, err := p.VerifyResultURL(signed(resultForm(), "10.000000:19:Shp_order=42:Pass2_golden8")); !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("Shp before the password verified: %v", err)
		}
	})

	t.Run("#3 all six algorithms", func(t *testing.T) {
		t.Parallel()
		if len(Algorithms()) != 6 || len(goldenSignatures) != 6 {
			t.Fatal("not six algorithms")
		}
		for _, a := range Algorithms() {
			if a.New() == nil || a.Size() == 0 {
				t.Errorf("%s has no hash", a)
			}
		}
	})

	t.Run("#4 refund JWT alg is HS256/HS384/HS512, never SHA256 or MD5", func(t *testing.T) {
		t.Parallel()
		for _, alg := range []string{"SHA256", "MD5", "hs256"} {
			cfg := goldenConfig()
			cfg.RefundAlgorithm = alg
			if err := cfg.Validate(); err == nil {
				t.Errorf("RefundAlgorithm %q accepted", alg)
			}
		}
		tok, _ := newProvider(t, nil, nil).RefundToken(RefundCreate{OpKey: "K"})
		if !strings.HasPrefix(tok, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.") { // {"alg":"HS256","typ":"JWT"}
			t.Errorf("token header of %s", tok)
		}
	})

	t.Run("#5 any-case shp_ prefix in callbacks", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, nil)
		for _, prefix := range []string{"Shp_", "shp_", "SHP_", "sHp_"} {
			f := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, prefix + "order": {"42"}}
			n, err := p.VerifyResultURL(signed(f, "10.000000:19:Pass2_golden8:"+prefix+"order=42"))
			if err != nil || n.Shp["order"] != "42" {
				t.Errorf("prefix %s: %v %v", prefix, n, err)
			}
		}
	})

	t.Run("#6 Shp sorted ordinally; names differing only in case refused", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, nil)
		u, _ := p.PaymentURL(&Link{Amount: rub("1"), Shp: map[string]string{"b": "1", "C": "2", "a": "3"}})
		if queryOf(t, u).Get("SignatureValue") != md5Upper("golden-shop:1.00::Pass1_golden8:Shp_C=2:Shp_a=3:Shp_b=1") {
			t.Error("Shp order is not ordinal (upper case first)")
		}
		if _, err := p.PaymentURL(&Link{Amount: rub("1"), Shp: map[string]string{"a": "1", "A": "2"}}); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("case-only difference accepted: %v", err)
		}
	})

	t.Run("#7 OutSum is %.2f of the decimal, never 1E+6", func(t *testing.T) {
		t.Parallel()
		u, _ := newProvider(t, nil, nil).PaymentURL(&Link{Amount: payments.Money{Amount: decimal.New(1, 6), Currency: payments.RUB}})
		if got := queryOf(t, u).Get("OutSum"); got != "1000000.00" {
			t.Errorf("OutSum = %s", got)
		}
	})

	t.Run("#8 Cyrillic Shp values signed raw, URL-encoded once in transit", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, nil)
		u, _ := p.PaymentURL(&Link{Amount: rub("1"), Shp: map[string]string{"name": "Иван"}})
		if !strings.Contains(u, "Shp_name=%D0%98%D0%B2%D0%B0%D0%BD&") {
			t.Errorf("URL %s", u)
		}
		if queryOf(t, u).Get("SignatureValue") != md5Upper("golden-shop:1.00::Pass1_golden8:Shp_name=Иван") {
			t.Error("Cyrillic value not signed as UTF-8 text")
		}
	})

	t.Run("#9 SuccessUrl2/FailUrl2 raw in the signature", func(t *testing.T) {
		t.Parallel()
		l := &Link{Amount: rub("1"), SuccessURL2: "https://shop.example/ok?a=1&b=Б", SuccessURL2Method: "POST"}
		u, _ := newProvider(t, nil, nil).PaymentURL(l)
		if queryOf(t, u).Get("SignatureValue") != md5Upper("golden-shop:1.00::https://shop.example/ok?a=1&b=Б:POST:Pass1_golden8") {
			t.Error("SuccessUrl2 not signed raw")
		}
	})

	t.Run("#10 split: Invoice+Password1 concatenated, params Invoice/Signature, encoded once", func(t *testing.T) {
		t.Parallel()
		u, _ := newProvider(t, nil, nil).SplitURL(docsSplit())
		q := queryOf(t, u)
		if q.Get("Invoice") != docsSplitJSON || strings.ToUpper(q.Get("Signature")) != md5Upper(docsSplitJSON+"Pass1_golden8") {
			t.Errorf("split %v", q)
		}
	})

	t.Run("#11 refunds through the Refund API, never Service.asmx/OpRefund", func(t *testing.T) {
		t.Parallel()
		var paths []string
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			paths = append(paths, r.URL.Path)
			if strings.HasSuffix(r.URL.Path, "OpStateExt") {
				return textResponse(200, `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OpKey>K</OpKey></Info></OperationStateResponse>`), nil
			}
			return textResponse(200, `{"success":true,"requestId":"r"}`), nil
		})
		if _, err := newProvider(t, rt, nil).Refund(t.Context(), &payments.RefundRequest{OrderID: "5"}); err != nil {
			t.Fatal(err)
		}
		// A full refund then reads Refund/GetState for its amount.
		if strings.Join(paths, " ") != "/Merchant/WebService/Service.asmx/OpStateExt /RefundService/Refund/Create /RefundService/Refund/GetState" {
			t.Errorf("paths %v", paths)
		}
	})

	t.Run("#12 test mode uses the separate test passwords", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, func(c *Config) { c.TestMode = true })
		pay, err := p.InitPayment(t.Context(), &payments.InitRequest{OrderID: "3", Amount: rub("1")})
		if err != nil {
			t.Fatal(err)
		}
		q := queryOf(t, pay.NextStep.URL)
		if q.Get("IsTest") != "1" || q.Get("SignatureValue") != md5Upper("golden-shop:1.00:3:Test1_golden8") {
			t.Errorf("test link %v", q)
		}
	})

	t.Run("#13 description optional, at most 100 characters", func(t *testing.T) {
		t.Parallel()
		p := newProvider(t, nil, nil)
		if _, err := p.PaymentURL(&Link{Amount: rub("1")}); err != nil {
			t.Errorf("no description: %v", err)
		}
		if _, err := p.PaymentURL(&Link{Amount: rub("1"), Description: strings.Repeat("ё", 100)}); err != nil {
			t.Errorf("100 characters: %v", err)
		}
		if _, err := p.PaymentURL(&Link{Amount: rub("1"), Description: strings.Repeat("ё", 101)}); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("101 characters: %v", err)
		}
	})

	t.Run("#14 verification returns an error value", func(t *testing.T) {
		t.Parallel()
		n, err := newProvider(t, nil, nil).VerifyResultURL(url.Values{"OutSum": {"1"}, "InvId": {"1"}, "SignatureValue": {"00"}})
		if n != nil || !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("got %v, %v", n, err)
		}
	})
}
