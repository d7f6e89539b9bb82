package robokassa

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

func md5Upper(s string) string {
	sum := md5.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

func oneItemReceipt() *Receipt {
	return &Receipt{Sno: "osn", Items: []ReceiptItem{{
		Name: "Товар & <1>", Quantity: decimal.NewFromInt(1), Sum: decimal.RequireFromString("10.00"),
		Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity",
	}}}
}

const oneItemReceiptJSON = `{"sno":"osn","items":[{"name":"Товар & <1>","quantity":1,"sum":10,"tax":"vat20","payment_method":"full_payment","payment_object":"commodity"}]}`

// Every case spells its base string out as https://docs.robokassa.ru/script-parameters/
// and https://docs.robokassa.ru/pay-interface order it:
// MerchantLogin:OutSum:InvId[:OutSumCurrency][:UserIp][:Receipt]
// [:StepByStep][:ResultUrl2][:SuccessUrl2][:SuccessUrl2Method][:FailUrl2]
// [:FailUrl2Method][:Token]:Password1[:Shp_… sorted].
func TestPaymentURLSignatureBase(t *testing.T) {
	t.Parallel()
	exp := time.Date(2030, 12, 31, 23, 59, 0, 0, time.FixedZone("MSK", 3*3600))
	tests := []struct {
		name   string
		mod    func(*Config)
		link   Link
		base   string
		params url.Values // every parameter but SignatureValue
	}{
		{
			name:   "InvId absent stays an empty field",
			link:   Link{Amount: rub("10")},
			base:   "golden-shop:10.00::Pass1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"10.00"}},
		},
		{
			name:   "unsigned parameters stay out of the base",
			link:   Link{Amount: rub("10.5"), InvID: 7, Description: "Заказ №7", IncCurrLabel: "BankCardPSR", Culture: "en", Encoding: "utf-8", Email: "a@b.example", ExpirationDate: exp, Recurring: true},
			base:   "golden-shop:10.50:7:Pass1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"10.50"}, "InvId": {"7"}, "Description": {"Заказ №7"}, "IncCurrLabel": {"BankCardPSR"}, "Culture": {"en"}, "Encoding": {"utf-8"}, "Email": {"a@b.example"}, "ExpirationDate": {"2030-12-31T23:59:00+03:00"}, "Recurring": {"true"}},
		},
		{
			name: "every signed parameter in order, Shp sorted after the password",
			link: Link{
				Amount: payments.MustParseMoney("5", payments.USD), InvID: 8, UserIP: "203.0.113.7", StepByStep: true,
				ResultURL2: "https://shop.example/r2", SuccessURL2: "https://shop.example/ok?a=1&b=2", SuccessURL2Method: "GET",
				FailURL2: "https://shop.example/fail", FailURL2Method: "POST", Token: "tok123",
				Shp: map[string]string{"b": "2", "a": "1", "Z": "z"},
			},
			base: "golden-shop:5.00:8:USD:203.0.113.7:true:https://shop.example/r2:https://shop.example/ok?a=1&b=2:GET:https://shop.example/fail:POST:tok123:Pass1_golden8:Shp_Z=z:Shp_a=1:Shp_b=2",
			params: url.Values{
				"MerchantLogin": {"golden-shop"}, "OutSum": {"5.00"}, "InvId": {"8"}, "OutSumCurrency": {"USD"}, "UserIp": {"203.0.113.7"},
				"StepByStep": {"true"}, "ResultUrl2": {"https://shop.example/r2"}, "SuccessUrl2": {"https://shop.example/ok?a=1&b=2"},
				"SuccessUrl2Method": {"GET"}, "FailUrl2": {"https://shop.example/fail"}, "FailUrl2Method": {"POST"}, "Token": {"tok123"},
				"Shp_Z": {"z"}, "Shp_a": {"1"}, "Shp_b": {"2"},
			},
		},
		{
			name:   "test payment signs with TestPassword1",
			link:   Link{Amount: rub("1"), InvID: 3, IsTest: true},
			base:   "golden-shop:1.00:3:Test1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"1.00"}, "InvId": {"3"}, "IsTest": {"1"}},
		},
		{
			name:   "receipt URL-encoded once and signed as such (default)",
			link:   Link{Amount: rub("10"), InvID: 9, Receipt: oneItemReceipt()},
			base:   "golden-shop:10.00:9:" + url.QueryEscape(oneItemReceiptJSON) + ":Pass1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"10.00"}, "InvId": {"9"}, "Receipt": {url.QueryEscape(oneItemReceiptJSON)}},
		},
		{
			name:   "receipt as raw JSON",
			mod:    func(c *Config) { c.ReceiptEncoding = ReceiptRawJSON },
			link:   Link{Amount: rub("10"), InvID: 9, Receipt: oneItemReceipt()},
			base:   "golden-shop:10.00:9:" + oneItemReceiptJSON + ":Pass1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"10.00"}, "InvId": {"9"}, "Receipt": {oneItemReceiptJSON}},
		},
		{
			name:   "KZT shop: KZT is not OutSumCurrency, RUB is",
			mod:    func(c *Config) { c.Currency = payments.KZT },
			link:   Link{Amount: rub("100"), InvID: 4},
			base:   "golden-shop:100.00:4:RUB:Pass1_golden8",
			params: url.Values{"MerchantLogin": {"golden-shop"}, "OutSum": {"100.00"}, "InvId": {"4"}, "OutSumCurrency": {"RUB"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			u, err := p.PaymentURL(&tt.link)
			if err != nil {
				t.Fatal(err)
			}
			q := queryOf(t, u) // one level of decoding, as Robokassa does
			if got, want := q.Get("SignatureValue"), md5Upper(tt.base); got != want {
				t.Errorf("SignatureValue = %s, want MD5(%q) = %s", got, tt.base, want)
			}
			q.Del("SignatureValue")
			if diff := cmp.Diff(tt.params, q); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
			// The form carries the same values, in the same order, with
			// SignatureValue last.
			step, err := p.PaymentForm(&tt.link)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			form := url.Values{}
			for _, f := range step.Fields {
				names = append(names, f.Name)
				form.Add(f.Name, f.Value)
			}
			if names[len(names)-1] != "SignatureValue" || form.Get("SignatureValue") != md5Upper(tt.base) {
				t.Errorf("form ends %v with %s", names[len(names)-1], form.Get("SignatureValue"))
			}
			form.Del("SignatureValue")
			if diff := cmp.Diff(tt.params, form); diff != "" {
				t.Errorf("form fields (-want +got):\n%s", diff)
			}
			if step.Kind != payments.NextPostForm || step.URL != "https://auth.robokassa.ru/Merchant/Index.aspx" && tt.mod == nil {
				t.Errorf("step = %v %s", step.Kind, step.URL)
			}
		})
	}
}

// OutSum is "%.2f" of the exact decimal ("number, dot separator, e.g.
// 123.45", https://docs.robokassa.ru/script-parameters/); aiorobokassa's
// str(Decimal) gives "10", "10.5", "1000000.0" and "1E+6".
func TestOutSumFormatting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   decimal.Decimal
		want string // "" means rejected
	}{
		{"integer", decimal.NewFromInt(10), "10.00"},
		{"one decimal", decimal.RequireFromString("10.5"), "10.50"},
		{"exponent form 1E+6", decimal.New(1, 6), "1000000.00"},
		{"trailing zeros", decimal.RequireFromString("1000000.000000"), "1000000.00"},
		{"one kopeck", decimal.RequireFromString("0.01"), "0.01"},
		{"beyond int64", decimal.RequireFromString("123456789012345678901234.50"), "123456789012345678901234.50"},
		{"three decimals", decimal.RequireFromString("10.005"), ""},
		{"three decimals beyond int64", decimal.RequireFromString("123456789012345678901234.505"), ""},
		{"zero", decimal.Zero, ""},
		{"negative", decimal.NewFromInt(-1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, ok := appendOutSum(nil, tt.in)
			got := string(b)
			if tt.want == "" {
				if ok {
					t.Errorf("appendOutSum(%s) = %q, want rejection", tt.in, got)
				}
				return
			}
			if !ok || got != tt.want {
				t.Errorf("appendOutSum(%s) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestPaymentURLValidation(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("я", MaxDescription+1)
	tests := []struct {
		name string
		mod  func(*Config)
		link Link
	}{
		{"description over 100 characters", nil, Link{Amount: rub("1"), Description: long}},
		{"description with a newline", nil, Link{Amount: rub("1"), Description: "a\nb"}},
		{"amount with three decimals", nil, Link{Amount: payments.Money{Amount: decimal.RequireFromString("1.005"), Currency: payments.RUB}}},
		{"zero amount", nil, Link{Amount: rub("0")}},
		{"unsupported currency", nil, Link{Amount: payments.MustParseMoney("1", "GBP")}},
		{"negative InvId", nil, Link{Amount: rub("1"), InvID: -1}},
		{"Shp name with the prefix", nil, Link{Amount: rub("1"), Shp: map[string]string{"Shp_x": "1"}}},
		{"Shp name with '='", nil, Link{Amount: rub("1"), Shp: map[string]string{"a=b": "1"}}},
		{"Shp names differing in case", nil, Link{Amount: rub("1"), Shp: map[string]string{"a": "1", "A": "2"}}},
		{"Shp value with a control character", nil, Link{Amount: rub("1"), Shp: map[string]string{"a": "\x00"}}},
		{"SuccessUrl2 without method", nil, Link{Amount: rub("1"), SuccessURL2: "https://x.example/"}},
		{"method without FailUrl2", nil, Link{Amount: rub("1"), FailURL2Method: "GET"}},
		{"method PUT", nil, Link{Amount: rub("1"), FailURL2: "https://x.example/", FailURL2Method: "PUT"}},
		{"relative ResultUrl2", nil, Link{Amount: rub("1"), ResultURL2: "/r2"}},
		{"e-mail without @", nil, Link{Amount: rub("1"), Email: "buyer"}},
		{"IncCurrLabel with a space", nil, Link{Amount: rub("1"), IncCurrLabel: "a b"}},
		{"test payment without test password", func(c *Config) { c.TestPassword1 = "" }, Link{Amount: rub("1"), IsTest: true}},
		{"receipt not adding up", nil, Link{Amount: rub("11"), Receipt: oneItemReceipt()}},
		{"invalid receipt", nil, Link{Amount: rub("10"), Receipt: &Receipt{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			_, err := p.PaymentURL(&tt.link)
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("PaymentURL err = %v, want ErrInvalidRequest", err)
			}
			_, err = p.PaymentForm(&tt.link)
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("PaymentForm err = %v, want ErrInvalidRequest", err)
			}
		})
	}
	if _, err := newProvider(t, nil, nil).PaymentURL(nil); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("nil link: %v", err)
	}
}

// The encoder matches url.QueryEscape on every byte.
func TestAppendEscapedMatchesQueryEscape(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for i := 0; i < 256; i++ {
		all.WriteByte(byte(i))
	}
	for _, s := range []string{"", "plain", "a b&c=d/e?f#g+h%", "Заказ №1", all.String()} {
		if got, want := string(appendEscaped([]byte("x="), s)), "x="+url.QueryEscape(s); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(appendEscaped(nil, []byte(s))), url.QueryEscape(s); got != want {
			t.Errorf("appendEscaped([]byte(%q)) = %q, want %q", s, got, want)
		}
	}
}
