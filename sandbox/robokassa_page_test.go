package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments/robokassa"
)

// A tampered or wrongly signed link gets Robokassa's error page.
func TestRobokassaSignatureCheck(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	good := e.link(&robokassa.Link{Amount: rubs("10.00"), InvID: 21, Description: "x", Shp: map[string]string{"order": "42"},
		SuccessURL2: "https://shop.example/ok?a=1&b=2", SuccessURL2Method: "GET", UserIP: "203.0.113.7"})
	other, err := robokassa.New(robokassa.Config{MerchantLogin: DefaultRobokassaLogin, Password1: "wrong", Password2: "x", Algorithm: robokassa.MD5, AuthURL: e.sbURL})
	if err != nil {
		t.Fatal(err)
	}
	wrongPass, _ := other.PaymentURL(&robokassa.Link{Amount: rubs("10.00"), InvID: 21})
	i := strings.Index(good, "&SignatureValue=")
	j := i + len("&SignatureValue=")
	lower := good[:j] + strings.ToLower(good[j:])
	tests := []struct {
		name, link string
		code       string // error code, "" for the payment page
	}{
		{"valid", good, ""},
		{"valid with a lower-case signature", lower, ""},
		{"tampered OutSum", strings.Replace(good, "OutSum=10.00", "OutSum=1.00", 1), "29"},
		{"tampered InvId", strings.Replace(good, "InvId=21", "InvId=22", 1), "29"},
		{"tampered Shp value", strings.Replace(good, "Shp_order=42", "Shp_order=43", 1), "29"},
		{"tampered SuccessUrl2", strings.Replace(good, "a%3D1", "a%3D2", 1), "29"},
		{"tampered UserIp", strings.Replace(good, "203.0.113.7", "203.0.113.8", 1), "29"},
		{"added Shp parameter", good + "&Shp_extra=1", "29"},
		{"wrong Password1", wrongPass, "29"},
		{"no signature", good[:i], "29"},
		{"unknown shop", strings.Replace(good, "MerchantLogin=sandbox-shop", "MerchantLogin=other-shop", 1), "26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := e.get(tt.link)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200 as Robokassa answers", status)
			}
			m := rkErrCodeRE.FindStringSubmatch(body)
			switch {
			case tt.code == "" && (m != nil || !strings.Contains(body, `id="pay"`)):
				t.Fatalf("want the payment page, got\n%s", body)
			case tt.code != "" && (m == nil || m[1] != tt.code):
				t.Fatalf("want error %s, got\n%s", tt.code, body)
			case tt.code == "29" && !strings.Contains(body, "Неверный Signature"):
				t.Errorf("error 29 page does not say Неверный Signature:\n%s", body)
			}
		})
	}
}

// Parameters are checked as Robokassa documents them
// (https://docs.robokassa.ru/script-parameters/).
func TestRobokassaParameterChecks(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	sign := func(q string, base string) string {
		return e.sbURL + "/Merchant/Index.aspx?" + q + "&SignatureValue=" + robokassa.MD5.Sign(base)
	}
	long := strings.Repeat("я", 101)
	tests := []struct{ name, link, want string }{
		{"OutSum with a comma", sign("MerchantLogin=sandbox-shop&OutSum=10%2C00&InvId=1", "sandbox-shop:10,00:1:sandbox-pass1"), "OutSum"},
		{"OutSum in exponent form", sign("MerchantLogin=sandbox-shop&OutSum=1E%2B6&InvId=1", "sandbox-shop:1E+6:1:sandbox-pass1"), "OutSum"},
		{"OutSum with three decimals", sign("MerchantLogin=sandbox-shop&OutSum=10.001&InvId=1", "sandbox-shop:10.001:1:sandbox-pass1"), "OutSum"},
		{"zero OutSum", sign("MerchantLogin=sandbox-shop&OutSum=0&InvId=1", "sandbox-shop:0:1:sandbox-pass1"), "OutSum"},
		{"negative InvId", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=-1", "sandbox-shop:10:-1:sandbox-pass1"), "InvId"},
		{"Description over 100 characters", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&Description="+url.QueryEscape(long), "sandbox-shop:10:1:sandbox-pass1"), "Description"},
		{"unknown OutSumCurrency", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&OutSumCurrency=GBP", "sandbox-shop:10:1:GBP:sandbox-pass1"), "OutSumCurrency"},
		{"SuccessUrl2 without a method", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&SuccessUrl2=https%3A%2F%2Fa.example%2F", "sandbox-shop:10:1:https://a.example/:sandbox-pass1"), "SuccessUrl2"},
		{"Receipt that is not JSON", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&Receipt=nope", "sandbox-shop:10:1:nope:sandbox-pass1"), "Receipt"},
		{"field sent twice", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&InvId=2", "sandbox-shop:10:1:sandbox-pass1"), "InvId"},
		{"expired", sign("MerchantLogin=sandbox-shop&OutSum=10&InvId=1&ExpirationDate=2001-01-01T00%3A00", "sandbox-shop:10:1:sandbox-pass1"), "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := e.get(tt.link)
			if status != http.StatusOK || !strings.Contains(body, `id="error-message"`) || !strings.Contains(body, tt.want) {
				t.Fatalf("want an error page about %s, got %d\n%s", tt.want, status, body)
			}
		})
	}
	// A valid hand-signed link without InvId: the sandbox assigns one.
	inv, _ := e.open(sign("MerchantLogin=sandbox-shop&OutSum=10&Description=no+InvId", "sandbox-shop:10::sandbox-pass1"))
	if inv <= "1000000" || len(inv) != 7 {
		t.Errorf("assigned InvId %s", inv)
	}
}

// Golden-shop values (computed with the rules of
// https://docs.robokassa.ru/script-parameters/ and
// https://docs.robokassa.ru/notifications-and-redirects; not published
// vectors): the golden shop's link is
// accepted, and Pay sends exactly the documented ResultURL body and
// SuccessURL query.
func TestRobokassaGoldenWire(t *testing.T) {
	t.Parallel()
	golden := RobokassaShop{MerchantLogin: "golden-shop", Password1: "Pass1_golden8", Password2: "Pass2_golden8", Password3: "Pass3_golden8"}
	e := newRKEnv(t, rkEnvOptions{shop: golden})
	// The golden-shop worked example link, with Email (not signed) added.
	link := e.sbURL + "/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&Encoding=utf-8&Email=buyer%40example.com&Shp_order=42&SignatureValue=7C2A0012D1C2CDCB6F18CE57D4E24FB0"
	_, token := e.open(link)
	_, _, loc := e.press("pay", token)
	// The golden-shop ResultURL sample.
	if got, want := e.hit(), "OutSum=10.000000&InvId=19&Fee=0.000000&EMail=buyer%40example.com&PaymentMethod=BankCard&IncCurrLabel=BankCardPSR&Shp_order=42&SignatureValue=5C8ACA98142CE75FD50FDE9B187DB402"; got != want {
		t.Errorf("ResultURL body\n got %s\nwant %s", got, want)
	}
	// The golden-shop SuccessURL sample.
	if want := e.shopURL + "/success?OutSum=10.000000&InvId=19&Culture=ru&Shp_order=42&SignatureValue=9AD6A4E838C90742134B496CFE80B7C8"; loc != want {
		t.Errorf("SuccessURL\n got %s\nwant %s", loc, want)
	}
	if ev := e.event(); ev.OrderID != "19" {
		t.Errorf("event %+v", ev)
	}
}

// A receipt, in a POST form (PaymentForm) or a GET link, is signed as
// Robokassa sees it after one level of decoding
// (https://docs.robokassa.ru/fiscalization).
func TestRobokassaReceipt(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	l := &robokassa.Link{Amount: rubs("20.00"), InvID: 71, Receipt: &robokassa.Receipt{Items: []robokassa.ReceiptItem{
		{Name: "Чай", Quantity: decimalOf("2"), Sum: decimalOf("20.00"), Tax: "vat20"}}}}
	step, err := e.prov.PaymentForm(l)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for _, f := range step.Fields {
		form.Set(f.Name, f.Value)
	}
	status, body, _ := e.post(step.URL, form)
	if status != http.StatusOK || !strings.Contains(body, `id="pay"`) {
		t.Fatalf("POST form with a receipt: %d\n%s", status, body)
	}
	l.InvID = 72
	e.open(e.link(l))
}
