package providerkit_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/providerkit"
)

// TestScrubBodyProviderShapes feeds ScrubBody traffic shapes that the
// providers' APIs and their error pages produce, beyond the plain forms
// and JSON of TestScrubBody.
func TestScrubBodyProviderShapes(t *testing.T) {
	t.Parallel()
	const js = "application/json"
	tests := []struct {
		name, contentType, body, want string
	}{
		// FinishAuthorize takes CardData or EncryptedPaymentData (a Google
		// Pay or Apple Pay token): https://developer.tbank.ru/eacq/api/finish-authorize
		{"tbank FinishAuthorize with a wallet token", js,
			`{"TerminalKey":"TestDEMO","PaymentId":"700","EncryptedPaymentData":"eyJzaWduYXR1cmUiOiJNRVFDSUZxNg==","Route":"ACQ","Source":"GooglePay","Token":"t"}`,
			`{"EncryptedPaymentData":"[redacted]","PaymentId":"700","Route":"ACQ","Source":"GooglePay","TerminalKey":"TestDEMO","Token":"[redacted]"}`},
		// Robokassa's OpKey is the Token of a later card-on-file payment
		// (https://docs.robokassa.ru/recurring/, "Token"): a mandate, as
		// T-Bank's RebillId is.
		{"robokassa OpStateExt OpKey", "text/xml; charset=utf-8",
			`<Info><IncCurrLabel>BankCardPSR</IncCurrLabel><OpKey>14D2B521-4EAB-492A-9D91-00D12FF24D57-1NvHENLwgp</OpKey></Info>`,
			`<Info><IncCurrLabel>BankCardPSR</IncCurrLabel><OpKey>[redacted]</OpKey></Info>`},
		{"robokassa refund answer OpKey", js, `{"success":true,"requestId":"r-1","OpKey":"14D2B521-1NvHENLwgp"}`,
			`{"OpKey":"[redacted]","requestId":"r-1","success":true}`},
		{"expiry spellings", js, `{"card":{"expiry_month":"12","expiry_year":"30","exp_month":1,"expiration_month":"12","card_exp_year":"2030","month":"x"}}`,
			`{"card":{"card_exp_year":"[redacted]","exp_month":"[redacted]","expiration_month":"[redacted]","expiry_month":"[redacted]","expiry_year":"[redacted]","month":"x"}}`},
		{"bracketed form keys", "application/x-www-form-urlencoded", "card[exp_month]=12&card[exp_year]=2030&card[cvc]=123&card[name]=IVAN",
			"card[exp_month]=[redacted]&card[exp_year]=[redacted]&card[cvc]=[redacted]&card[name]=IVAN"},
		{"XML attributes", "text/xml", `<Auth Login="shop" Password="hunter2" Signature='c0ffee'/>`,
			`<Auth Login="shop" Password="[redacted]" Signature='[redacted]'/>`},
		{"XML CDATA", "text/xml", `<R><Password><![CDATA[hun<ter2]]></Password><Code>0</Code></R>`,
			`<R><Password>[redacted]</Password><Code>0</Code></R>`},
		{"XML cut inside a secret", "text/xml", `<R><Code>0</Code><Password>correct hunter`, `<R><Code>0</Code><Password>[redacted]`},
		{"XML cut inside CDATA", "text/xml", `<R><Password><![CDATA[correct hunter`, `<R><Password>[redacted]`},
		{"HTML cut inside a field", "text/html", `<form><input name="SignatureValue" value="c0ffee hunter`, `<form><input name="SignatureValue" value="[redacted]"`},
		{"multipart form", "multipart/form-data; boundary=XyZ",
			"--XyZ\r\nContent-Disposition: form-data; name=\"MerchantLogin\"\r\n\r\nshop\r\n" +
				"--XyZ\r\nContent-Disposition: form-data; name=\"Password1\"\r\nContent-Type: text/plain\r\n\r\nhunter2\r\n" +
				"--XyZ\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\nc0ffee\r\n--XyZ--\r\n",
			"--XyZ\r\nContent-Disposition: form-data; name=\"MerchantLogin\"\r\n\r\nshop\r\n" +
				"--XyZ\r\nContent-Disposition: form-data; name=\"Password1\"\r\nContent-Type: text/plain\r\n\r\n[redacted]\r\n" +
				"--XyZ\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\n[redacted]\r\n--XyZ--\r\n"},
		{"multipart cut inside a secret", "multipart/form-data; boundary=XyZ",
			"--XyZ\r\nContent-Disposition: form-data; name=\"Password1\"\r\n\r\nhunter",
			"--XyZ\r\nContent-Disposition: form-data; name=\"Password1\"\r\n\r\n[redacted]"},
		{"escaped JSON in a cut JSON body", js, `{"Receipt":"{\"Password\":\"hunter2\",\"sno\":\"osn\"}","Token":"abc`,
			`{"Receipt":"{\"Password\":\"[redacted]\",\"sno\":\"osn\"}","Token":"[redacted]"`},
		{"python dict in an error", js, `{"message":"{'signature': 'c0ffee', 'order': '7'}"}`,
			`{"message":"{'signature': '[redacted]', 'order': '7'}"}`},
		{"pairs inside a value that is not secret", "text/plain", `{"message":"Password=hunter2 rejected","m2":"x: \"Token: c0ffee\""`,
			`{"message":"Password=[redacted] rejected","m2":"x: \"Token: [redacted]""`},
		{"doubly escaped JSON", "text/plain", `{"a":"{\"b\":\"{\\\"Password\\\":\\\"hunter2\\\"}\"}"`,
			`{"a":"{\"b\":\"{\\\"Password\\\":\\\"[redacted]\\\"}\"}"`},
		{"key: value and key = value in text", "text/plain", "Password = hunter2; Token: abc\nSignatureValue:c0ffee",
			"Password = [redacted]; Token: [redacted]\nSignatureValue:[redacted]"},
		{"URL-encoded card number in text", "text/plain", `Location: https://x/pay?Receipt=%7B%22n%22%3A%224111111111111111%22%7D`,
			`Location: https://x/pay?Receipt=%7B%22n%22%3A%22411111******1111%22%7D`},
		{"percent-encoded digits and spaces", "text/plain", "desc=card%204111%201111%201111%201111&x=%34%31%31%31%31%31%31%31%31%31%31%31%31%31%31%31",
			"desc=card%204111%2011**%20****%201111&x=%34%31%31%31%31%31******%31%31%31%31"},
		{"JSON-escaped digits in a cut JSON body", js, `{"a":"\u0034\u0031\u0031\u0031111111111111","b":"x`,
			`{"a":"\u0034\u0031\u0031\u003111******1111","b":"x`},
		{"card in groups with no-break spaces", "text/html", "<p>4111\u00a01111\u00a01111\u00a01111</p><p>4111&nbsp;1111&nbsp;1111&nbsp;1111</p>",
			"<p>4111\uFFFD11**\uFFFD****\uFFFD1111</p><p>4111&nbsp;11**&nbsp;****&nbsp;1111</p>"},
		{"JSON-escaped no-break spaces in a cut body", js, `{"c":"4111\u00a01111\u202f1111\u00A01111`,
			`{"c":"4111\u00a011**\u202f****\u00A01111`},
		{"JSON array without a content type", "", ` [ {"b":1, "Token":"x"} ] `, `[{"Token":"[redacted]","b":1}]`},
		{"escaped key in a cut JSON body", js, `{"Pass\u0077ord":"hunter2","a":"`, `{"Pass\u0077ord":"[redacted]","a":"`},
		{"XML namespace prefix", "text/xml", `<ns:Pan>4111111111111112</ns:Pan><ns:Code>0</ns:Code>`, `<ns:Pan>[redacted]</ns:Pan><ns:Code>0</ns:Code>`},
		{"escaped digits masked in the middle", js, `{"a":"411111\u0031\u0031\u0031%31%31%311111","b":"x`, `{"a":"411111******1111","b":"x`},
		{"password in a URL", js, `{"NotificationURL":"https://shop:hunter2@example.com/hook?x=1","b":"ftp://anon@h/ http://a:b@c"}`,
			`{"NotificationURL":"https://shop:[redacted]@example.com/hook?x=1","b":"ftp://anon@h/ http://a:[redacted]@c"}`},
		{"19-digit card", "text/plain", "card 4111111111111111110 ok", "card 411111*********1110 ok"},
		{"13-digit card keeps its ends", "text/plain", "card 4222222222222 ok", "card 422222***2222 ok"},
		{"separators at the start", "text/plain", `=x`, `=x`},
		{"quoted separator at the start", "text/plain", `"=x`, `"=x`},
		{"escaped quote at the start", "text/plain", `\"=x`, `\"=x`},
		{"space before a separator at the start", "text/plain", ` : x`, ` : x`},
		{"doubled separator", "text/plain", "a==b password=hunter2 c::d Token:c0ffee", "a==b password=[redacted] c::d Token:[redacted]"},
		{"lower-case double-encoded receipt", "application/x-www-form-urlencoded",
			"InvId=1&Receipt=%257b%2522items%2522%253a%255b%257b%2522name%2522%253a%25224111111111111111%2522%257d%255d%257d",
			`InvId=1&Receipt={"items":[{"name":"411111******1111"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := providerkit.ScrubBody(tt.contentType, []byte(tt.body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ScrubBody(%q) (-want +got):\n%s", tt.body, diff)
			}
			for _, secret := range []string{"hunter", "c0ffee", "1NvHENLwgp", "4111111111111111", "MEQCIFq6"} {
				if strings.Contains(got, secret) {
					t.Errorf("ScrubBody(%q) = %q: holds %q", tt.body, got, secret)
				}
			}
		})
	}
}
