package robokassa

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// goldenSignatures are the signatures of the golden shop's three worked
// examples for every algorithm: the link (base string of
// https://docs.robokassa.ru/script-parameters/) and the ResultURL and
// SuccessURL samples (https://docs.robokassa.ru/notifications-and-redirects).
// None is a published vector: Robokassa publishes no password for its
// examples. MD5 values were computed with those rules; the other algorithms'
// were computed over the same base strings with Python's hashlib (OpenSSL),
// an implementation independent of this package.
var goldenSignatures = []struct {
	alg                   Algorithm
	link, result, success string
}{
	{MD5, "7C2A0012D1C2CDCB6F18CE57D4E24FB0", "5C8ACA98142CE75FD50FDE9B187DB402", "9AD6A4E838C90742134B496CFE80B7C8"},
	{RIPEMD160, "7D25F03725913DBB06DA080C17E56480671431D4", "ABDA4CE26C562F9F01D99AC90F911A2BDA7671C8", "F0D7759D326637FA4E1A8C3F99E70B213BFBBEAA"},
	{SHA1, "106509C1681A7EE8BE4B7205978F73A9ACB07BF7", "36B277F0129770E192F0115D95A2AB1C54C295F8", "6EC83724A663BA004AF7B6B9DE9D8089A7148AF5"},
	{SHA256, "0E6D3E24D4C066E87C7D5CA8217F8E30089166315DFF759A6C9A9BED18A67242", "408F1383D850F4259CC1C8CF694E97B80A2D6C4D137D7AE8F8EC38A99A85F48F", "06A76A1BC7A43FC7550AAED6C2DD2AD1817225E26518815A3743E93BD9021307"},
	{SHA384, "207C00D1EE2596C5A629049575551E23A503FC936355B4743288B19A6E3ED7894186CE909AB7E95A04F067883D575EE1", "560F6BA613C04E75ABD6C45C637BE1400CDEE612D42E0B5DB7F84D589AA8B130F20B2ABFE30D349A4FD6D7BD2332CD1A", "AB46312FA706087705A784E8FA53C194888723D053019EF4FE885DC78DFC14763401355A677D27F76ACE249ADB899018"},
	{SHA512, "16F7B25864C891616A34A50E03F0DA2394838D84DA163B34C524B8BCFF68A32FFF73AF14F846EFFF956A927E94CDB63CEC7A10D023D9463C5A4D0762A9A2614F", "48E65B7FE9197A914CA34549E7217624E0197F966C4D4F6DAD73A6B74D8C85539EF2012099C1146DF79C3832A7D62A39F96531635779C578C00824D8B2C72544", "A11785E725438431576B5DF47EEB7ABFCA4C5896FFF085A9E4625B80B0C2619E9F25365BEBE5BA1E29D73DF0E347A800DC86D619FF49E19D5098D2E998308C74"},
}

// goldenLink is the golden shop's worked example link.
func goldenLink() *Link {
	return &Link{
		Amount:      payments.MustParseMoney("10.00", payments.RUB),
		InvID:       19,
		Description: "Shp one",
		Culture:     "ru",
		Encoding:    "utf-8",
		Shp:         map[string]string{"order": "42"},
	}
}

// The golden shop's worked example link, byte for byte (computed with the
// rule of https://docs.robokassa.ru/script-parameters/; not a published
// vector).
const goldenLinkURL = "https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&Encoding=utf-8&Shp_order=42&SignatureValue=7C2A0012D1C2CDCB6F18CE57D4E24FB0"

func TestGoldenPaymentLink(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	got, err := p.PaymentURL(goldenLink())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(goldenLinkURL, got); diff != "" {
		t.Errorf("PaymentURL (-want +got):\n%s", diff)
	}
}

func TestGoldenSignaturesEveryAlgorithm(t *testing.T) {
	t.Parallel()
	for _, g := range goldenSignatures {
		t.Run(string(g.alg), func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, func(c *Config) { c.Algorithm = g.alg })

			// Link: base golden-shop:10.00:19:Pass1_golden8:Shp_order=42.
			u, err := p.PaymentURL(goldenLink())
			if err != nil {
				t.Fatal(err)
			}
			if got := queryOf(t, u).Get("SignatureValue"); got != g.link {
				t.Errorf("link signature = %s, want %s", got, g.link)
			}

			// ResultURL sample: base 10.000000:19:Pass2_golden8:Shp_order=42.
			form := url.Values{
				"OutSum": {"10.000000"}, "InvId": {"19"}, "Fee": {"0.000000"}, "EMail": {"buyer@example.com"},
				"PaymentMethod": {"BankCard"}, "IncCurrLabel": {"BankCardPSR"}, "Shp_order": {"42"},
				"SignatureValue": {g.result},
			}
			if _, err := p.VerifyResultURL(form); err != nil {
				t.Errorf("VerifyResultURL: %v", err)
			}
			form.Set("SignatureValue", strings.ToLower(g.result))
			if err := p.VerifyResultSignature(form); err != nil {
				t.Errorf("lower-case hex: %v", err)
			}

			// SuccessURL sample: base 10.000000:19:Pass1_golden8:Shp_order=42.
			succ := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Culture": {"ru"}, "Shp_order": {"42"}, "SignatureValue": {g.success}}
			if _, err := p.VerifySuccessURL(succ); err != nil {
				t.Errorf("VerifySuccessURL: %v", err)
			}
			// A ResultURL signature is not a SuccessURL signature.
			succ.Set("SignatureValue", g.result)
			if _, err := p.VerifySuccessURL(succ); !errors.Is(err, payments.ErrInvalidSignature) {
				t.Errorf("SuccessURL with the Password #2 signature: err = %v, want ErrInvalidSignature", err)
			}
		})
	}
}

// The golden shop's ResultURL sample, as the POST Robokassa sends
// (https://docs.robokassa.ru/notifications-and-redirects), through
// VerifyWebhook: the event, its metadata and the acknowledgement OK19.
func TestGoldenResultURLWebhook(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	body := "OutSum=10.000000&InvId=19&Fee=0.000000&EMail=buyer%40example.com&PaymentMethod=BankCard&IncCurrLabel=BankCardPSR&Shp_order=42&SignatureValue=5C8ACA98142CE75FD50FDE9B187DB402"
	r, _ := http.NewRequest(http.MethodPost, "https://shop.example/robokassa/result", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ev, err := p.VerifyWebhook(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.Event{
		ID:       "result:golden-shop:19",
		Type:     payments.EventPayment,
		OrderID:  "19",
		Status:   payments.StatusSucceeded,
		Amount:   payments.MustParseMoney("10.00", payments.RUB),
		Metadata: map[string]string{"order": "42"},
		Raw: map[string]string{
			"OutSum": "10.000000", "InvId": "19", "Shp_order": "42",
			"SignatureValue": "5C8ACA98142CE75FD50FDE9B187DB402",
			"unsigned:Fee":   "0.000000", "unsigned:EMail": "buyer@example.com",
			"unsigned:PaymentMethod": "BankCard", "unsigned:IncCurrLabel": "BankCardPSR",
		},
		Ack: payments.Ack{StatusCode: 200, ContentType: "text/plain", Body: "OK19"},
	}
	if diff := cmp.Diff(want, ev); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	// The amount text is kept exactly as received for the signature, and
	// the value is exact.
	if got := ev.Amount.Amount.String(); got != "10" {
		t.Errorf("amount = %s", got)
	}
}
