package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/clientsdk"
	"github.com/paykit/payments/robokassa"
)

var (
	rkHintTemplateRE = regexp.MustCompile(`<pre id="signature-template">(.*?)</pre>`)
	rkHintBaseRE     = regexp.MustCompile(`<pre id="signature-base">(.*?)</pre>`)
)

// TestRobokassaSignatureHint: the sandbox's error page for a link signed
// with the wrong password names the password and algorithm and shows the
// base string it expected; with the real password in place of its name,
// that base string hashes to the correct signature. No password's value
// appears.
func TestRobokassaSignatureHint(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	l := &robokassa.Link{Amount: rubs("10.00"), InvID: 21, Description: "x", Shp: map[string]string{"order": "42", "a": "1"},
		SuccessURL2: "https://shop.example/ok?a=1&b=2", SuccessURL2Method: "GET"}
	tests := []struct {
		name, password, wantTemplate, wantPassword string
		test                                       bool
	}{
		{"live", DefaultRobokassaPassword1,
			"MerchantLogin:OutSum:InvId:SuccessUrl2:SuccessUrl2Method:<Password #1>:Shp_a=<Shp_a>:Shp_order=<Shp_order>", "Password #1", false},
		{"test", DefaultRobokassaTestPassword1,
			"MerchantLogin:OutSum:InvId:SuccessUrl2:SuccessUrl2Method:<test Password #1>:Shp_a=<Shp_a>:Shp_order=<Shp_order>", "test Password #1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := *l
			l.IsTest = tt.test
			good := e.link(&l)
			u, _ := url.Parse(good)
			q := u.Query()
			wantSig := q.Get("SignatureValue")
			q.Set("SignatureValue", strings.Repeat("0", len(wantSig)))
			u.RawQuery = q.Encode()
			status, body, _ := e.get(u.String())
			if status != http.StatusOK || !strings.Contains(body, "Неверный Signature") {
				t.Fatalf("HTTP %d, want Robokassa's error 29 page:\n%s", status, body)
			}
			tm, bm := rkHintTemplateRE.FindStringSubmatch(body), rkHintBaseRE.FindStringSubmatch(body)
			if tm == nil || bm == nil {
				t.Fatalf("the error page has no signature hint:\n%s", body)
			}
			if diff := cmp.Diff(tt.wantTemplate, html.UnescapeString(tm[1])); diff != "" {
				t.Errorf("base string template (-want +got):\n%s", diff)
			}
			base := html.UnescapeString(bm[1])
			if got := robokassa.MD5.Sign(strings.Replace(base, "<"+tt.wantPassword+">", tt.password, 1)); !strings.EqualFold(got, wantSig) {
				t.Errorf("the hint's base string %q with the password hashes to %s, want the link's %s", base, got, wantSig)
			}
			if !strings.Contains(body, "MD5") {
				t.Error("the hint does not name the algorithm MD5")
			}
			for _, secret := range []string{DefaultRobokassaPassword1, DefaultRobokassaPassword2, DefaultRobokassaTestPassword1, DefaultRobokassaTestPassword2} {
				if strings.Contains(body, secret) {
					t.Errorf("the error page shows a password's value %q", secret)
				}
			}
		})
	}
}

// TestTBankTokenHint: a wrong Token's answer keeps ErrorCode 204 and says
// in Details which fields, in which order, the sandbox concatenated, with
// the Password by name; with the password in its place, the base string
// hashes to the right Token. The password's value and card data never
// appear.
func TestTBankTokenHint(t *testing.T) {
	t.Parallel()
	e := newTBEnv(t, TBankTerminal{})
	const cardData = "PAN=4300000000000777;ExpDate=0530;CardHolder=IVAN PETROV;CVV=111"
	scalars := map[string]string{"TerminalKey": TBankTerminalKey, "Amount": "19200", "OrderId": "21090", "Description": "Подарочная карта на 1000 рублей", "CardData": cardData}
	want := tbToken(scalars, TBankPassword)
	_, m := e.post("Init", `{"TerminalKey":"`+TBankTerminalKey+`","Amount":19200,"OrderId":"21090","Description":"Подарочная карта на 1000 рублей","CardData":"`+cardData+`","Token":"`+strings.Repeat("0", 64)+`"}`)
	details, _ := m["Details"].(string)
	if m["ErrorCode"] != "204" || m["Success"] != false {
		t.Fatalf("answer %v, want ErrorCode 204", m)
	}
	if !strings.Contains(details, "(Amount, CardData, Description, OrderId, Password, TerminalKey)") {
		t.Errorf("Details %q do not list the sorted keys", details)
	}
	_, rest, _ := strings.Cut(details, "concatenated: ")
	base, _, ok := strings.Cut(rest, " (Password is")
	if !ok || !strings.Contains(base, "<Password>") {
		t.Fatalf("Details %q do not show the base string with <Password>", details)
	}
	if !strings.Contains(base, "<CardData>") || strings.Contains(details, "4300000000000777") {
		t.Errorf("Details do not hide CardData: %q", details)
	}
	sum := sha256.Sum256([]byte(strings.NewReplacer("<Password>", TBankPassword, "<CardData>", cardData).Replace(base)))
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("the hint's base %q hashes to %s, want the Token %s", base, got, want)
	}
	if strings.Contains(details, TBankPassword) {
		t.Errorf("Details show the password: %q", details)
	}
}

// TestClientSDKSignatureHint: a wrongly signed request's 403 answer keeps
// its code and message and adds sandbox_hint, the canonical payload
// expected; HS256 over it with the secret is the right signature. Card
// data and the secret never appear.
func TestClientSDKSignatureHint(t *testing.T) {
	t.Parallel()
	e := newCSEnv(t)
	params := []clientsdk.Param{{Key: "amount", Value: "10.00"}, {Key: "merchant_id", Value: ClientSDKMerchantID}, {Key: "order", Value: "H-1"},
		{Key: "product_id", Value: ClientSDKProductID}, {Key: "pan", Value: "4111111111111111"}, {Key: "cvc", Value: "123"},
		{Key: "expire_month", Value: "12"}, {Key: "expire_year", Value: "2030"}}
	want := csSign(t, "/init", "POST", params)
	status, body := e.raw("POST", "/init", params, csSign(t, "/init", "GET", params))
	hint, _ := body["sandbox_hint"].(string)
	if status != http.StatusForbidden || body["message"] != "Invalid signature" || body["code"] != csCodeSignature {
		t.Fatalf("HTTP %d %v, want 403 invalid_signature", status, body)
	}
	for _, s := range []string{"4111111111111111", `"cvc":"123"`, ClientSDKSecret} {
		if strings.Contains(hint, s) {
			t.Errorf("the hint shows %q: %s", s, hint)
		}
	}
	_, payload, ok := strings.Cut(hint, " over ")
	if !ok {
		t.Fatalf("sandbox_hint %q has no payload", hint)
	}
	// With the card data put back, HS256 over the payload is the signature.
	payload = strings.NewReplacer(`"<pan>"`, `"4111111111111111"`, `"<cvc>"`, `"123"`, `"<expire_month>"`, `"12"`, `"<expire_year>"`, `"2030"`).Replace(payload)
	mac := hmac.New(sha256.New, []byte(ClientSDKSecret))
	mac.Write([]byte("eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload))))
	if got := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); got != want {
		t.Errorf("HS256 over the hint's payload %s is %s, want %s", payload, got, want)
	}
}

// TestHintValue: a signature hint shows a field's value unless its name
// says card data, a token or a secret.
func TestHintValue(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value, want string }{
		{"OutSum", "10.00", "10.00"},
		{"Shp_company", "ACME", "ACME"},
		{"pan", "4111111111111111", "<pan>"},
		{"cvc", "123", "<cvc>"},
		{"expire_year", "35", "<expire_year>"},
		{"Token", "abc", "<Token>"},
		{"RebillId", "42", "<RebillId>"},
		{"CardData", "PAN=1", "<CardData>"},
		{"Shp_secret", "x", "<Shp_secret>"},
		{"Password", "x", "<Password>"},
	}
	for _, tt := range tests {
		if got := hintValue(tt.name, tt.value); got != tt.want {
			t.Errorf("hintValue(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
}
