package robokassa

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// A SigningMethodHMAC over an unknown algorithm refuses to sign or verify
// instead of panicking or falling back.
func TestSigningMethodUnknownAlgorithm(t *testing.T) {
	t.Parallel()
	m := &SigningMethodHMAC{Algorithm: "GOST"}
	if sig, err := m.Sign("x", []byte("key")); sig != nil || !errors.Is(err, jwt.ErrInvalidKey) {
		t.Errorf("Sign = %x, %v; want ErrInvalidKey", sig, err)
	}
	if err := m.Verify("x", []byte{1}, []byte("key")); !errors.Is(err, jwt.ErrInvalidKey) {
		t.Errorf("Verify = %v; want ErrInvalidKey", err)
	}
	if err := SigningMethodMD5.Verify("x", []byte{1}, 42); !errors.Is(err, jwt.ErrInvalidKeyType) {
		t.Errorf("Verify with an int key = %v; want ErrInvalidKeyType", err)
	}
}

// OperationState.Payment with more user fields than the map's initial
// size hint, and user fields that share a name with Robokassa's own
// fields, which win.
func TestOperationStateManyUserFields(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "<Field><Name>Shp_f%d</Name><Value>%d</Value></Field>", i, i)
	}
	b.WriteString("<Field><Name>OpKey</Name><Value>forged</Value></Field>")
	body := `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OpKey>real</OpKey></Info><UserField>` + b.String() + `</UserField></OperationStateResponse>`
	rt, _ := respond(200, "text/xml", body)
	st, err := newProvider(t, rt, nil).OpState(t.Context(), 7)
	if err != nil {
		t.Fatal(err)
	}
	raw := st.Payment().Raw
	_, opKey := raw["OpKey"] // a saved-card token: never in Raw, not even a user field's
	if len(st.UserFields) != 13 || raw["Shp_f11"] != "11" || opKey || raw["StateCode"] != "100" || st.OpKey != "real" {
		t.Errorf("user fields %v, raw %v", st.UserFields, raw)
	}
}

// ParseFailURL names what is missing when either OutSum or InvId is.
func TestParseFailURLRequired(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, form := range []url.Values{{"InvId": {"19"}}, {"OutSum": {"10.000000"}}, {}} {
		n, err := p.ParseFailURL(form)
		var pe *payments.Error
		if n != nil || !errors.As(err, &pe) || !errors.Is(err, payments.ErrInvalidRequest) || pe.Message != "OutSum and InvId are required" {
			t.Errorf("ParseFailURL(%v) = %+v, %v", form, n, err)
		}
	}
}

// Shp_ names are letters, digits and '_': every boundary of the ranges.
func TestShpNameCharacters(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, name := range []string{"az", "AZ", "09", "_", "aZ09_"} {
		if _, err := p.PaymentURL(&Link{Amount: rub("1.00"), Shp: map[string]string{name: "v"}}); err != nil {
			t.Errorf("Shp name %q: %v", name, err)
		}
	}
	for _, name := range []string{"`", "{", "@", "[", "/", ":", "", "a-b", "ж", "shp_", "SHP_", "Shp_x"} {
		if _, err := p.PaymentURL(&Link{Amount: rub("1.00"), Shp: map[string]string{name: "v"}}); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("Shp name %q: %v, want ErrInvalidRequest", name, err)
		}
	}
}

// PaymentURL allocates only the link it returns (package doc), with every
// signed part and several Shp_ parameters, in each algorithm.
func TestPaymentURLAllocatesOnlyItsResult(t *testing.T) {
	for _, a := range Algorithms() {
		p := newProvider(t, nil, func(c *Config) { c.Algorithm = a })
		l := &Link{
			Amount: rub("10.00"), InvID: 19, Description: "Shp one", Culture: "ru", Encoding: "utf-8",
			UserIP: "2001:db8::1", StepByStep: true, SuccessURL2: "https://shop.example/ok", SuccessURL2Method: "GET",
			Shp: map[string]string{"order": "42", "b": "2", "a": "1"},
		}
		if _, err := p.PaymentURL(l); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = p.PaymentURL(l) }); n != 1 {
			t.Errorf("%s: PaymentURL allocates %v times, want 1", a, n)
		}
	}
}

// Split merchants are numbered from 1 in errors.
func TestSplitMerchantErrorsNameTheMerchant(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	tests := []struct {
		name string
		mod  func(*SplitMerchant)
		msg  string
	}{
		{"no id", func(m *SplitMerchant) { m.ID = "" }, "split merchant 2 has no id"},
		{"negative amount", func(m *SplitMerchant) { m.Amount = m.Amount.Neg() }, "split merchant 2: amount must not be negative"},
		{"three decimals", func(m *SplitMerchant) { m.Amount = m.Amount.Add(decimal.RequireFromString("0.001")) }, "split merchant 2: amount must not be negative"},
		{"negative InvoiceId", func(m *SplitMerchant) { m.InvoiceID = -1 }, "split merchant 2: InvoiceId must be positive or 0"},
		{"receipt of another sum", func(m *SplitMerchant) {
			m.Receipt = &Receipt{Items: []ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Sum: decimal.NewFromInt(1), Tax: "none"}}}
		}, "split merchant 2: receipt adds up to 1, the share is 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := docsSplit()
			tt.mod(&s.Merchants[1])
			_, _, err := p.SplitInvoice(s)
			var pe *payments.Error
			if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || !strings.HasPrefix(pe.Message, tt.msg) {
				t.Errorf("err = %v, want a message starting %q", err, tt.msg)
			}
		})
	}
}

// SignNotification allocates only the signature it returns.
func TestSignNotificationAllocatesOnlyItsResult(t *testing.T) {
	form := resultForm()
	form.Set("Shp_a", "1")
	for _, a := range Algorithms() {
		if n := testing.AllocsPerRun(20, func() { _ = a.SignNotification(form, goldenPass2) }); n != 1 {
			t.Errorf("%s: SignNotification allocates %v times, want 1", a, n)
		}
	}
}
