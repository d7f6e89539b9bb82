package providerkit_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/providerkit"
)

// rfcJWS is the JWS of RFC 7515 Appendix A.1
// (https://www.rfc-editor.org/rfc/rfc7515#appendix-A.1).
const rfcJWS = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." +
	"eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ." +
	"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

func TestScrubBody(t *testing.T) {
	t.Parallel()
	const form = "application/x-www-form-urlencoded"
	const js = "application/json; charset=utf-8"
	tests := []struct {
		name, contentType, body, want string
	}{
		{"robokassa OpStateExt form", form,
			"MerchantLogin=golden-shop&InvoiceID=5001&Signature=5f1d6ce2a6d1b3c0c2e8d2a7e1f4e3b2",
			"MerchantLogin=golden-shop&InvoiceID=5001&Signature=[redacted]"},
		{"robokassa payment form", form,
			"MerchantLogin=golden-shop&OutSum=10.00&InvId=5001&SignatureValue=abc123&Shp_item=1&Password1=Pass1_golden8",
			"MerchantLogin=golden-shop&OutSum=10.00&InvId=5001&SignatureValue=[redacted]&Shp_item=1&Password1=[redacted]"},
		{"robokassa receipt kept, decoded", form,
			"InvId=1&Receipt=%7B%22items%22%3A%5B%7B%22name%22%3A%22T-shirt%22%7D%5D%7D",
			`InvId=1&Receipt={"items":[{"name":"T-shirt"}]}`},
		{"robokassa refund raw JWT", "application/jwt", rfcJWS, "[redacted]"},
		{"robokassa refund JWT as JSON string", js, `"` + rfcJWS + `"`, `"[redacted]"`},
		{"clientsdk card init", form,
			"merchant_id=13&amount=10.00&pan=4111111111111111&expire_month=12&expire_year=30&cvc=123&signature=" + rfcJWS,
			"merchant_id=13&amount=10.00&pan=[redacted]&expire_month=[redacted]&expire_year=[redacted]&cvc=[redacted]&signature=[redacted]"},
		{"tbank Init with DATA", js,
			`{"TerminalKey":"TestDEMO","Amount":1000,"OrderId":"5001","Token":"abcdef0123","DATA":{"Phone":"+71234567890","Pan":"4300000000000777","CVV":"123"}}`,
			`{"Amount":1000,"DATA":{"CVV":"[redacted]","Pan":"[redacted]","Phone":"+71234567890"},"OrderId":"5001","TerminalKey":"TestDEMO","Token":"[redacted]"}`},
		{"tbank Charge", js,
			`{"TerminalKey":"TestDEMO","PaymentId":"700","RebillId":"145919","Token":"t0k3n"}`,
			`{"PaymentId":"700","RebillId":"[redacted]","TerminalKey":"TestDEMO","Token":"[redacted]"}`},
		{"tbank card data and expiry", js,
			`{"CardData":"PAN=4300000000000777;ExpDate=1230;CVV=111","Password":"p","ExpDate":"1230"}`,
			`{"CardData":"[redacted]","ExpDate":"[redacted]","Password":"[redacted]"}`},
		{"secret object redacted whole", js, `{"CardData":{"Holder":"IVAN PETROV","Number":"x"}}`, `{"CardData":"[redacted]"}`},
		{"form secret with spaces", form, "password=a+b+c&x=1", "password=[redacted]&x=1"},
		{"empty secrets stay empty", js, `{"Token":"","RebillId":null}`, `{"RebillId":null,"Token":""}`},
		{"card number as a JSON number", js, `{"n":4111111111111111,"amount":1000}`, `{"amount":1000,"n":"411111******1111"}`},
		{"JSON inside a string", js, `{"payload":"{\"cvc\":\"123\",\"order\":\"7\"}"}`,
			`{"payload":"{\"cvc\":\"[redacted]\",\"order\":\"7\"}"}`},
		{"JSON without content type", "", `{"password":"hunter2"}`, `{"password":"[redacted]"}`},
		{"broken JSON by the generic rules", js,
			`{"Token":"abc","Pan":"4111111111111111","CVV":123,"Amount":1`,
			`{"Token":"[redacted]","Pan":"[redacted]","CVV":"[redacted]","Amount":1`},
		{"broken form by the generic rules", form, "a=%zz&password=x%zz&pan=4111111111111111",
			"a=%zz&password=[redacted]&pan=[redacted]"},
		{"XML state kept, secrets redacted", "text/xml",
			"<OperationStateResponse><State><Code>100</Code></State><Password>x</Password><ns:Signature a=\"1\">s</ns:Signature></OperationStateResponse>",
			"<OperationStateResponse><State><Code>100</Code></State><Password>[redacted]</Password><ns:Signature a=\"1\">[redacted]</ns:Signature></OperationStateResponse>"},
		{"HTML form fields", "text/html; charset=utf-8",
			`<form><input type="hidden" name="SignatureValue" value="c0ffee"><INPUT VALUE='x1' NAME='Password1'><input name="OutSum" value="10.00"></form>`,
			`<form><input type="hidden" name="SignatureValue" value="[redacted]"><INPUT VALUE="[redacted]" NAME='Password1'><input name="OutSum" value="10.00"></form>`},
		{"card in free text", "text/plain", "card 4111111111111111 declined", "card 411111******1111 declined"},
		{"card in groups", "text/html", "<p>4111 1111 1111 1111</p><p>4111-1111-1111-1111</p>",
			"<p>4111 11** **** 1111</p><p>4111-11**-****-1111</p>"},
		{"card inside a word", "", "x4300000000000777y", "x430000******0777y"},
		{"12-digit card fully masked", "", "id 123456789007", "id ************"},
		{"not Luhn: kept", "", "order 4111111111111112", "order 4111111111111112"},
		{"20 digits: not a card", "", "ref 41111111111111111110", "ref 41111111111111111110"},
		{"key=value in text", "", "login=shop password=hunter2 token=abc amount=10", "login=shop password=[redacted] token=[redacted] amount=10"},
		{"JWS in text", "", "got " + rfcJWS + " back", "got [redacted] back"},
		{"detached JWS", "", "sig eyJhbGciOiJIUzI1NiJ9..c2ln end", "sig [redacted] end"},
		// {\r\n "alg":"HS256"} and { "alg":"HS256"} as headers.
		{"JWS with a spaced header", "", "a ew0KICJhbGciOiJIUzI1NiJ9.e30.c2ln b eyAiYWxnIjoiSFMyNTYifQ.e30.c2ln c", "a [redacted] b [redacted] c"},
		{"host names are not JWS", "", "https://auth.robokassa.ru/Merchant/Index.aspx", "https://auth.robokassa.ru/Merchant/Index.aspx"},
		{"invalid UTF-8 replaced", "", "a\xffb", "a\uFFFDb"},
		{"empty", js, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := providerkit.ScrubBody(tt.contentType, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ScrubBody(%q) (-want +got):\n%s", tt.body, diff)
			}
		})
	}
}

func TestSecretKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want bool
	}{
		// Robokassa
		{"SignatureValue", true}, {"Signature", true}, {"Password1", true}, {"password3", true},
		{"OutSum-signature", true}, {"MerchantLogin", false}, {"OutSum", false}, {"Shp_item", false},
		{"Receipt", false}, {"InvId", false},
		// client-payment-sdk
		{"signature", true}, {"pan", true}, {"cvc", true}, {"expire_month", true}, {"expire_year", true},
		{"merchant_id", false}, {"product_id", false}, {"amount", false},
		// T-Bank
		{"Token", true}, {"Password", true}, {"CardData", true}, {"PAN", true}, {"CVV", true}, {"ExpDate", true},
		{"RebillId", true}, {"TerminalKey", false}, {"PaymentId", false}, {"DATA", false}, {"CardId", false},
		// headers and the rest
		{"Authorization", true}, {"Cookie", true}, {"Set-Cookie", true}, {"X-Api-Key", true},
		{"access_token", true}, {"client_secret", true}, {"card_number", true}, {"CVC2", true},
		{"company", false}, {"description", false}, {"", false},
	}
	for _, tt := range tests {
		if got := providerkit.SecretKey(tt.key); got != tt.want {
			t.Errorf("SecretKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}
