package robokassa

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// injected is issue 8 #10's metadata: a buyer's gift note that, joined
// unescaped into the signed base string, reads as a second Shp_ parameter.
var injected = map[string]string{"gift_note": "hi:Shp_plan=premium"}

// Issue 8 #10, building: a Shp_ value (and a name) that would make the
// signed base string ambiguous is refused wherever the shop signs Shp_
// parameters, with ErrInvalidRequest.
func TestShpInjectionRefusedWhenBuilding(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	link := func(shp map[string]string) *Link {
		return &Link{Amount: rub("10.00"), InvID: 19, Shp: shp}
	}
	tests := []struct {
		name  string
		build func() error
	}{
		{"Client.InitPayment metadata", func() error {
			req := initRequest()
			req.Metadata = injected
			_, err := c.InitPayment(t.Context(), req)
			return err
		}},
		{"InitPayment with a receipt (form)", func() error {
			req := initRequest()
			req.Metadata = injected
			req.Receipt = &payments.Receipt{Items: []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"), Tax: "none"}}}
			_, err := p.InitPayment(t.Context(), req)
			return err
		}},
		{"PaymentURL", func() error { _, err := p.PaymentURL(link(injected)); return err }},
		{"PaymentForm", func() error { _, err := p.PaymentForm(link(injected)); return err }},
		{"'=' alone in a value", func() error { _, err := p.PaymentURL(link(map[string]string{"a": "b=c"})); return err }},
		{"':' alone in a value", func() error { _, err := p.PaymentURL(link(map[string]string{"a": "b:c"})); return err }},
		{"'=' in a name", func() error { _, err := p.PaymentURL(link(map[string]string{"a=b": "c"})); return err }},
		{"':' in a name", func() error { _, err := p.PaymentURL(link(map[string]string{"a:b": "c"})); return err }},
		{"invoice UserFields", func() error {
			inv := goldenInvoice()
			inv.UserFields = injected
			_, err := p.invoicePayload(inv)
			return err
		}},
		{"split shop parameter value", func() error {
			s := docsSplit()
			s.ShopParams = []ShopParam{{Name: "gift_note", Value: "hi:plan=premium"}}
			_, _, err := p.SplitInvoice(s)
			return err
		}},
		{"split shop parameter name", func() error {
			s := docsSplit()
			s.ShopParams = []ShopParam{{Name: "a=b", Value: "c"}}
			_, err := p.SplitURL(s)
			return err
		}},
		{"Token with the separator", func() error {
			_, err := p.PaymentURL(&Link{Amount: rub("10.00"), InvID: 19, Token: "tok:GET"})
			return err
		}},
		{"UserIp that is not an address", func() error {
			_, err := p.PaymentURL(&Link{Amount: rub("10.00"), InvID: 19, UserIP: "203.0.113.7:USD"})
			return err
		}},
		{"UserIp with a zone", func() error {
			_, err := p.PaymentURL(&Link{Amount: rub("10.00"), InvID: 19, UserIP: "fe80::1%eth0"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.build(); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("err = %v, want ErrInvalidRequest", err)
			}
		})
	}
	// An IPv6 UserIp, whose ':' are part of the address, is still fine.
	if _, err := p.PaymentURL(&Link{Amount: rub("10.00"), InvID: 19, UserIP: "2001:db8::1"}); err != nil {
		t.Errorf("IPv6 UserIp: %v", err)
	}
}

// Issue 8 #10, verifying: a callback whose signature covers an ambiguous
// base string is refused (ErrInvalidSignature: the signature cannot say
// which parameters it was made for), by every verifier and by
// SignNotification, which will not make such a signature.
//
// The buyer's rewritten form (Shp_gift_note=hi&Shp_plan=premium) has the
// same base string as a link on which the shop set both parameters, so no
// verifier can tell them apart: what protects the shop is that the builder
// above never signs the ambiguous link in the first place. What a verifier
// can refuse is the callback as Robokassa echoes the unrewritten link.
func TestShpInjectionRefusedWhenVerifying(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	// The signature computed over the ambiguous base string.
	const ambiguousBase = "10.000000:19:%s:Shp_gift_note=hi:Shp_plan=premium"
	callback := func(password string) url.Values {
		f := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Shp_gift_note": {"hi:Shp_plan=premium"}}
		f.Set("SignatureValue", md5Upper(fmt.Sprintf(ambiguousBase, password)))
		return f
	}
	tests := []struct {
		name   string
		verify func() error
	}{
		{"VerifyResultURL", func() error { _, err := p.VerifyResultURL(callback(goldenPass2)); return err }},
		{"VerifyResultSignature", func() error { return p.VerifyResultSignature(callback(goldenPass2)) }},
		{"VerifySuccessURL", func() error { _, err := p.VerifySuccessURL(callback(goldenPass1)); return err }},
		{"'=' in a Shp name", func() error {
			f := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Shp_a=b": {"c"}}
			return p.VerifyResultSignature(signed(f, "10.000000:19:Pass2_golden8:Shp_a=b=c"))
		}},
		{"':' in InvId", func() error {
			f := url.Values{"OutSum": {"10.000000"}, "InvId": {"19:x"}}
			return p.VerifyResultSignature(signed(f, "10.000000:19:x:Pass2_golden8"))
		}},
		{"':' first in InvId", func() error {
			f := url.Values{"OutSum": {"10.000000"}, "InvId": {":19"}}
			return p.VerifyResultSignature(signed(f, "10.000000::19:Pass2_golden8"))
		}},
		{"':' first in OutSum", func() error {
			f := url.Values{"OutSum": {":10.000000"}, "InvId": {"19"}}
			return p.VerifyResultSignature(signed(f, ":10.000000:19:Pass2_golden8"))
		}},
		{"':' first in a Shp value", func() error {
			f := url.Values{"OutSum": {"10.000000"}, "InvId": {"19"}, "Shp_a": {":b"}}
			return p.VerifyResultSignature(signed(f, "10.000000:19:Pass2_golden8:Shp_a=:b"))
		}},
		{"':' in OutSum", func() error {
			f := url.Values{"OutSum": {"10.000000:19"}, "InvId": {"x"}}
			return p.VerifyResultSignature(signed(f, "10.000000:19:x:Pass2_golden8"))
		}},
		{"VerifyPaymentLink (Robokassa's side)", func() error {
			f := url.Values{"MerchantLogin": {goldenLogin}, "OutSum": {"10.00"}, "InvId": {"19"}, "Shp_gift_note": {"hi:Shp_plan=premium"}}
			f.Set("SignatureValue", md5Upper("golden-shop:10.00:19:Pass1_golden8:Shp_gift_note=hi:Shp_plan=premium"))
			return MD5.VerifyPaymentLink(f, goldenPass1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.verify(); !errors.Is(err, payments.ErrInvalidSignature) {
				t.Errorf("err = %v, want ErrInvalidSignature", err)
			}
		})
	}
	for _, f := range []url.Values{
		callback(goldenPass2),
		{"OutSum": {"10.000000"}, "InvId": {"19:1"}},
		{"OutSum": {"10:1"}, "InvId": {"19"}},
		{"OutSum": {"10.000000"}, "InvId": {":19"}},
		{"OutSum": {":10"}, "InvId": {"19"}},
	} {
		if sig := MD5.SignNotification(f, goldenPass2); sig != "" {
			t.Errorf("SignNotification(%v) = %q, want no signature", f, sig)
		}
	}
}

// The other signed strings of the package cannot be re-split into Shp_
// parameters: a receipt (here in raw JSON mode, where its ':' reach the
// base string), like every other link part, comes before the password and
// only the Shp_ pairs follow it, so receipt text moved into a Shp_
// parameter changes the base string. (The refund and invoice JWTs and the
// split signature sign JSON, which needs no separator; OpStateExt signs
// the login, which Config refuses with ':', and a number.)
func TestReceiptCannotInjectShp(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, func(c *Config) { c.ReceiptEncoding = ReceiptRawJSON })
	r := oneItemReceipt()
	r.Items[0].Name = "x:Shp_plan=premium"
	step, err := p.PaymentForm(&Link{Amount: rub("10.00"), InvID: 19, Receipt: r})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	for _, f := range step.Fields {
		form.Add(f.Name, f.Value)
	}
	if err := MD5.VerifyPaymentLink(form, goldenPass1); err != nil {
		t.Fatalf("the link as built: %v", err)
	}
	receipt := form.Get("Receipt")
	rewritten := copyValues(form)
	rewritten.Set("Receipt", strings.Replace(receipt, ":Shp_plan=premium", "", 1))
	rewritten.Set("Shp_plan", "premium")
	for name, f := range map[string]url.Values{"Shp added": func() url.Values { f := copyValues(form); f.Set("Shp_plan", "premium"); return f }(), "receipt text moved into Shp": rewritten} {
		if err := MD5.VerifyPaymentLink(f, goldenPass1); !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("%s: err = %v, want ErrInvalidSignature", name, err)
		}
	}
}
