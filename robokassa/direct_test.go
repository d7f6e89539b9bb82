package robokassa

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// TestInitPaymentMethodHint: a hint sends the buyer to DirectPayment with
// its IncCurrLabel (https://docs.robokassa.ru/ru/direct-payment), signed
// as Index.aspx with IncCurrLabel unsigned (our inference: the page does
// not spell the signature out). Cards are not declared and refused
// with errors.ErrUnsupported, unknown hints with ErrInvalidRequest, and
// test mode (DirectPayment has none) with errors.ErrUnsupported.
func TestInitPaymentMethodHint(t *testing.T) {
	t.Parallel()
	labels := map[payments.PaymentMethod]string{
		payments.MethodSBP: "SBP", payments.MethodSberPay: "SberPay", payments.MethodPodeli: "Podeli",
		payments.MethodOTP: "OTP", payments.MethodYandexPaySplit: "YandexPaySplit", payments.MethodMokka: "Mokka",
	}
	for m, label := range labels {
		t.Run(string(m), func(t *testing.T) {
			t.Parallel()
			c := lifeClient(t, &lifeServer{}, nil)
			pay, err := c.InitPayment(t.Context(), &payments.InitRequest{OrderID: "19", Amount: rub("10.00"), PaymentMethod: m})
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(pay.NextStep.URL)
			if err != nil {
				t.Fatal(err)
			}
			if u.Host != "auth.robokassa.ru" || u.Path != "/Merchant/Payment/DirectPayment" {
				t.Errorf("URL = %s", pay.NextStep.URL)
			}
			want := url.Values{"MerchantLogin": {goldenLogin}, "OutSum": {"10.00"}, "InvId": {"19"}, "IncCurrLabel": {label},
				"SignatureValue": {md5Upper("golden-shop:10.00:19:Pass1_golden8")}}
			if diff := cmp.Diff(want, u.Query()); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
		})
	}
	tests := []struct {
		name    string
		mod     func(*Config)
		method  payments.PaymentMethod
		wantErr error
	}{
		{"card", nil, payments.MethodCard, errors.ErrUnsupported},
		{"unknown", nil, "bitcoin", payments.ErrInvalidRequest},
		{"test mode", func(c *Config) { c.TestMode = true }, payments.MethodSBP, errors.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := &payments.InitRequest{OrderID: "19", Amount: rub("10.00"), PaymentMethod: tt.method}
			if _, err := lifeClient(t, &lifeServer{}, tt.mod).InitPayment(t.Context(), req); !errors.Is(err, tt.wantErr) {
				t.Errorf("Client err = %v, want %v", err, tt.wantErr)
			}
			if _, err := newProvider(t, nil, tt.mod).InitPayment(t.Context(), req); !errors.Is(err, tt.wantErr) {
				t.Errorf("provider err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestDirectPaymentForm: with a receipt the DirectPayment step is a form
// to POST to DirectPayment (the page takes POST;
// https://docs.robokassa.ru/ru/direct-payment), and a
// recurring parent takes no hint (recurring parents are card payments).
func TestDirectPaymentForm(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	step, err := p.PaymentForm(&Link{Amount: rub("10.00"), InvID: 19, IncCurrLabel: "SBP", DirectPayment: true})
	if err != nil {
		t.Fatal(err)
	}
	if step.Kind != payments.NextPostForm || !strings.HasSuffix(step.URL, "/Merchant/Payment/DirectPayment") {
		t.Errorf("step = %+v", step)
	}
	for _, l := range []*Link{
		{Amount: rub("10.00"), InvID: 19, DirectPayment: true},
		{Amount: rub("10.00"), InvID: 19, IncCurrLabel: "SBP", DirectPayment: true, IsTest: true},
	} {
		if _, err := p.PaymentURL(l); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("PaymentURL(%+v) err = %v", l, err)
		}
	}
	req := &payments.InitRequest{OrderID: "20", Amount: rub("10.00"), Recurring: true, PaymentMethod: payments.MethodSBP}
	if _, err := p.InitPayment(t.Context(), req); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("recurring with hint err = %v", err)
	}
}
