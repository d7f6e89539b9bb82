package providerkit_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paykit/payments/providerkit"
)

// digitRunRE finds maximal runs of digits.
var digitRunRE = regexp.MustCompile(`[0-9]+`)

// leakedCard returns a Luhn-valid run of 13 to 19 digits in s, if any.
func leakedCard(s string) (string, bool) {
	for _, run := range digitRunRE.FindAllString(s, -1) {
		if len(run) >= 13 && len(run) <= 19 && providerkit.Luhn(run) {
			return run, true
		}
	}
	return "", false
}

// contentTypes are the Content-Type headers the fuzz targets pick from.
var contentTypes = []string{"", "application/json", "application/x-www-form-urlencoded", "text/xml", "application/jwt", "text/html; charset=utf-8", "application/problem+json", "multipart/form-data; boundary=XyZ"}

// FuzzScrubBody: scrubbing any body, as any content type, never panics,
// never outputs a card number (a Luhn-valid run of 13 to 19 digits) or a
// compact JWS, and outputs valid UTF-8.
func FuzzScrubBody(f *testing.F) {
	seeds := []string{
		`{"TerminalKey":"TestDEMO","Token":"abc","DATA":{"Pan":"4300000000000777","CVV":"123"}}`,
		`{"n":4111111111111111}`,
		`{"s":"{\"cvc\":\"1\",\"pan\":4111111111111111}"}`,
		`{"Token":"abc","Pan":"4111111111111111"`,
		"MerchantLogin=shop&InvoiceID=1&Signature=abc&Receipt=%7B%22pan%22%3A%224111111111111111%22%7D",
		"pan=4111111111111111&cvc=123&expire_month=12&signature=" + rfcJWS,
		"a=%zz&b=4111111111111111",
		`"` + rfcJWS + `"`,
		"<Password>x</Password><Card>4111 1111 1111 1111</Card>",
		"4111-1111-1111-1111 and 41111111111111111111 and 411111111111111",
		"99999999999999999 4111111111111111111111 1 4111111111111111",
		"\xff\xfe4111111111111111",
		"[4111111111111111,5555555555554444]",
		"--XyZ\r\nContent-Disposition: form-data; name=\"pan\"\r\n\r\n4111111111111111\r\n--XyZ--\r\n",
		"<Pan><![CDATA[4111111111111111]]></Pan>",
		`{"a":"\u0034111111111111111","b":"%34111111111111111","c":"4111+1111+1111+1111"`,
		`{"m":"{'signature': 'abc', 'pan': '4111 1111 1111 1111'}"}`,
		"",
	}
	for i, s := range seeds {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, ct uint8, body []byte) {
		got := providerkit.ScrubBody(contentTypes[int(ct)%len(contentTypes)], body)
		if card, ok := leakedCard(got); ok {
			t.Errorf("card number %s in %q", card, got)
		}
		if strings.Contains(got, rfcJWS) {
			t.Errorf("JWS in %q", got)
		}
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8: %q", got)
		}
		form := providerkit.ScrubForm(string(body))
		if card, ok := leakedCard(form); ok {
			t.Errorf("ScrubForm: card number %s in %q", card, form)
		}
	})
}

// FuzzWireLog: whatever the bodies, the provider gets the request body and
// the caller the response body byte for byte, and the record holds no card
// number.
func FuzzWireLog(f *testing.F) {
	f.Add(uint8(1), []byte(`{"Token":"t","Pan":"4111111111111111"}`), []byte(`{"RebillId":"1","Pan":"4300000000000777"}`), "a=1&pan=4111111111111111")
	f.Add(uint8(2), []byte("pan=4111111111111111&cvc=1"), []byte("<x>5555555555554444</x>"), "")
	f.Add(uint8(0), []byte{}, []byte("\x00\xff"), "%zz")
	f.Fuzz(func(t *testing.T, ct uint8, reqBody, respBody []byte, query string) {
		var sent []byte
		next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			sent, _ = io.ReadAll(r.Body)
			h := http.Header{"Content-Type": {contentTypes[int(ct)%len(contentTypes)]}}
			return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(respBody))}, nil
		})
		var sink logSink
		w := providerkit.NewWireLog(next, sink.logger(slog.LevelInfo))
		u := &url.URL{Scheme: "http", Host: "p.example", Path: "/api", RawQuery: query}
		req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(reqBody))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", contentTypes[int(ct/7)%len(contentTypes)])
		resp, err := w.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		if err != nil || !bytes.Equal(got, respBody) || !bytes.Equal(sent, reqBody) {
			t.Fatalf("bodies changed: sent %q of %q, got %q of %q (%v)", sent, reqBody, got, respBody, err)
		}
		if card, ok := leakedCard(sink.String()); ok {
			t.Errorf("card number %s in the record %s", card, sink.String())
		}
	})
}
