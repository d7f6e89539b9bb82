package robokassa

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// linkSigned are the parameters of a payment link its signature covers
// besides the Shp_ ones (https://docs.robokassa.ru/script-parameters/,
// https://docs.robokassa.ru/pay-interface).
var linkSigned = []string{"MerchantLogin", "OutSum", "InvId", "OutSumCurrency", "UserIp", "Receipt", "StepByStep",
	"ResultUrl2", "SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Token"}

// Every link PaymentURL or PaymentForm builds verifies with
// VerifyPaymentLink as Robokassa receives it, and changing any signed
// value, adding a Shp_ parameter or using another password breaks it;
// changing an unsigned value does not.
func TestVerifyPaymentLinkAgreesWithBuilding(t *testing.T) {
	t.Parallel()
	every := &Link{
		Amount: payments.MustParseMoney("5", payments.USD), InvID: 8, Description: "Заказ №8", IncCurrLabel: "BankCardPSR",
		Culture: "en", Encoding: "utf-8", Email: "a@b.example", UserIP: "203.0.113.7", StepByStep: true,
		ExpirationDate: time.Date(2030, 12, 31, 23, 59, 0, 0, time.UTC), Recurring: true,
		ResultURL2: "https://shop.example/r2", SuccessURL2: "https://shop.example/ok?a=1&b=Б", SuccessURL2Method: "GET",
		FailURL2: "https://shop.example/fail", FailURL2Method: "POST", Token: "tok123",
		Shp: map[string]string{"b": "2", "a": "Иван", "Z": "z"},
	}
	type linkCase struct {
		name     string
		mod      func(*Config)
		link     *Link
		password string
	}
	tests := []linkCase{
		{"golden-shop link", nil, goldenLink(), goldenPass1},
		{"no InvId", nil, &Link{Amount: rub("10")}, goldenPass1},
		{"test payment", nil, &Link{Amount: rub("1"), InvID: 3, IsTest: true}, goldenTest1},
		{"receipt URL-encoded", nil, &Link{Amount: rub("10"), InvID: 9, Receipt: oneItemReceipt()}, goldenPass1},
		{"receipt raw JSON", func(c *Config) { c.ReceiptEncoding = ReceiptRawJSON }, &Link{Amount: rub("10"), InvID: 9, Receipt: oneItemReceipt()}, goldenPass1},
		{"KZT shop paid in RUB", func(c *Config) { c.Currency = payments.KZT }, &Link{Amount: rub("100"), InvID: 4}, goldenPass1},
	}
	for _, alg := range Algorithms() {
		tests = append(tests, linkCase{"every parameter " + string(alg), func(c *Config) { c.Algorithm = alg }, every, goldenPass1})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			alg := p.cfg.Algorithm
			u, err := p.PaymentURL(tt.link)
			if err != nil {
				t.Fatal(err)
			}
			q := queryOf(t, u) // one level of decoding, as Robokassa does
			if err := alg.VerifyPaymentLink(q, tt.password); err != nil {
				t.Fatalf("VerifyPaymentLink(PaymentURL): %v\n%s", err, u)
			}
			step, err := p.PaymentForm(tt.link)
			if err != nil {
				t.Fatal(err)
			}
			form := url.Values{}
			for _, f := range step.Fields {
				form.Add(f.Name, f.Value)
			}
			if err := alg.VerifyPaymentLink(form, tt.password); err != nil {
				t.Fatalf("VerifyPaymentLink(PaymentForm): %v", err)
			}

			lower := copyValues(q)
			lower.Set("SignatureValue", strings.ToLower(q.Get("SignatureValue")))
			if err := alg.VerifyPaymentLink(lower, tt.password); err != nil {
				t.Errorf("lower-case signature: %v", err)
			}
			if err := alg.VerifyPaymentLink(q, tt.password+"x"); !errors.Is(err, payments.ErrInvalidSignature) {
				t.Errorf("another password: err = %v, want ErrInvalidSignature", err)
			}
			added := copyValues(q)
			added.Set("Shp_extra", "1")
			if err := alg.VerifyPaymentLink(added, tt.password); !errors.Is(err, payments.ErrInvalidSignature) {
				t.Errorf("added Shp_extra: err = %v, want ErrInvalidSignature", err)
			}
			for name := range q {
				if name == "SignatureValue" {
					continue
				}
				changed := copyValues(q)
				changed.Set(name, q.Get(name)+"0")
				err := alg.VerifyPaymentLink(changed, tt.password)
				signed := isShp(name)
				for _, s := range linkSigned {
					signed = signed || name == s
				}
				switch {
				case signed && !errors.Is(err, payments.ErrInvalidSignature):
					t.Errorf("changed %s: err = %v, want ErrInvalidSignature", name, err)
				case !signed && err != nil:
					t.Errorf("changed unsigned %s: %v", name, err)
				}
			}
		})
	}
}

func copyValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// The golden shop's link (goldenLink) verifies under every algorithm with
// the independently computed signatures, and the legacy MrchLogin name is
// signed like MerchantLogin.
func TestVerifyPaymentLinkGolden(t *testing.T) {
	t.Parallel()
	for _, g := range goldenSignatures {
		q := queryOf(t, goldenLinkURL)
		q.Set("SignatureValue", g.link)
		if err := g.alg.VerifyPaymentLink(q, goldenPass1); err != nil {
			t.Errorf("%s: %v", g.alg, err)
		}
		q.Del("MerchantLogin")
		q.Set("MrchLogin", goldenLogin)
		if err := g.alg.VerifyPaymentLink(q, goldenPass1); err != nil {
			t.Errorf("%s with MrchLogin: %v", g.alg, err)
		}
	}
}

func TestVerifyPaymentLinkMalformed(t *testing.T) {
	t.Parallel()
	golden := func(mod func(url.Values)) url.Values {
		q, err := url.ParseQuery(goldenLinkURL[strings.Index(goldenLinkURL, "?")+1:])
		if err != nil {
			t.Fatal(err)
		}
		mod(q)
		return q
	}
	tests := []struct {
		name string
		alg  Algorithm
		form url.Values
		kind error
	}{
		{"no MerchantLogin", MD5, golden(func(q url.Values) { q.Del("MerchantLogin") }), payments.ErrInvalidRequest},
		{"no OutSum", MD5, golden(func(q url.Values) { q.Del("OutSum") }), payments.ErrInvalidRequest},
		{"OutSum twice", MD5, golden(func(q url.Values) { q.Add("OutSum", "10.00") }), payments.ErrInvalidRequest},
		{"Shp twice", MD5, golden(func(q url.Values) { q.Add("Shp_order", "42") }), payments.ErrInvalidRequest},
		{"Receipt twice", MD5, golden(func(q url.Values) { q["Receipt"] = []string{"{}", "{}"} }), payments.ErrInvalidRequest},
		{"no SignatureValue", MD5, golden(func(q url.Values) { q.Del("SignatureValue") }), payments.ErrInvalidSignature},
		{"SignatureValue not hex", MD5, golden(func(q url.Values) { q.Set("SignatureValue", strings.Repeat("Z", 32)) }), payments.ErrInvalidSignature},
		{"MD5 digest for a SHA256 shop", SHA256, golden(func(url.Values) {}), payments.ErrInvalidSignature},
		{"unknown algorithm", "GOST", golden(func(url.Values) {}), payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.alg.VerifyPaymentLink(tt.form, goldenPass1)
			if !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
			if err != nil && strings.Contains(err.Error(), goldenPass1) {
				t.Errorf("error %q holds the password", err)
			}
		})
	}
}

// SignNotification gives the golden shop's ResultURL and SuccessURL
// signatures for every algorithm (goldenSignatures), and what it signs
// VerifyResultURL and VerifySuccessURL accept, whatever the Shp_ prefix's
// case and order.
func TestSignNotification(t *testing.T) {
	t.Parallel()
	for _, g := range goldenSignatures {
		result := resultForm()
		result.Del("SignatureValue")
		if got := g.alg.SignNotification(result, goldenPass2); got != g.result {
			t.Errorf("%s ResultURL: %s, want %s", g.alg, got, g.result)
		}
		success := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Culture": {"ru"}, "Shp_order": {"42"}}
		if got := g.alg.SignNotification(success, goldenPass1); got != g.success {
			t.Errorf("%s SuccessURL: %s, want %s", g.alg, got, g.success)
		}
	}

	p := newProvider(t, nil, func(c *Config) { c.Algorithm = SHA256 })
	form := url.Values{"OutSum": {"12.340000"}, "InvId": {"31"}, "EMail": {"a@b.example"}, "shp_b": {"2"}, "Shp_A": {"Иван"}, "SHP_c": {"a&b c/ä"}}
	form.Set("SignatureValue", SHA256.SignNotification(form, goldenPass2))
	if _, err := p.VerifyResultURL(form); err != nil {
		t.Errorf("VerifyResultURL of a signed notification: %v", err)
	}
	if _, err := p.VerifySuccessURL(form); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("VerifySuccessURL of a Password #2 signature: %v", err)
	}
	form.Set("SignatureValue", SHA256.SignNotification(form, goldenPass1))
	if _, err := p.VerifySuccessURL(form); err != nil {
		t.Errorf("VerifySuccessURL of a signed redirect: %v", err)
	}
	if got := Algorithm("GOST").SignNotification(form, goldenPass1); got != "" {
		t.Errorf("unknown algorithm signed %q", got)
	}
}

// FuzzVerifyPaymentLink feeds arbitrary queries to VerifyPaymentLink: it
// never panics and fails only with ErrInvalidSignature or
// ErrInvalidRequest.
func FuzzVerifyPaymentLink(f *testing.F) {
	f.Add(goldenLinkURL[strings.Index(goldenLinkURL, "?")+1:])
	f.Add("MrchLogin=golden-shop&OutSum=10.00&Shp_order=42&shp_Order=1&SignatureValue=7c2a0012d1c2cdcb6f18ce57d4e24fb0")
	f.Add("MerchantLogin=a&OutSum=1&OutSum=2&SignatureValue=zz")
	f.Add("MerchantLogin=a&OutSum=1&Receipt=%7B%7D&UserIp=&SignatureValue=" + strings.Repeat("0", 32))
	f.Add("MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Shp_gift_note=hi%3AShp_plan%3Dpremium&SignatureValue=" + md5Upper("golden-shop:10.00:19:Pass1_golden8:Shp_gift_note=hi:Shp_plan=premium"))
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		expectKinds(t, "VerifyPaymentLink", MD5.VerifyPaymentLink(form, goldenPass1), payments.ErrInvalidSignature, payments.ErrInvalidRequest)
		_ = SHA512.SignNotification(form, goldenPass2)
	})
}
