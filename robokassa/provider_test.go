package robokassa

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

func TestCapabilities(t *testing.T) {
	t.Parallel()
	want := payments.Capabilities{
		Operations: []payments.Operation{payments.OpRefund, payments.OpRefundStatus, payments.OpVerifyWebhook,
			payments.OpCapture, payments.OpCancel, payments.OpCharge, payments.OpSendReceipt, payments.OpReceiptStatus},
		Currencies:      []payments.Currency{payments.RUB},
		PartialRefunds:  true,
		PaymentReceipts: true,
		RefundReceipts:  true,
		Metadata:        true,
		NumericOrderIDs: true,
		MaxDescription:  100,
		LookupByOrderID: true,
		// Holds last 7 days (https://docs.robokassa.ru/holding/); a capture
		// takes a smaller amount and a changed receipt.
		Holds: true, HoldPeriod: 7 * 24 * time.Hour, PartialCapture: true, CaptureReceipts: true,
		Recurring: true,
		// Second receipts (https://docs.robokassa.ru/second-check), in
		// either mode.
		ReceiptsAfterPayment: true,
		// DirectPayment's IncCurrLabel values
		// (https://docs.robokassa.ru/ru/direct-payment); no card label.
		PaymentMethods: []payments.PaymentMethod{payments.MethodSBP, payments.MethodSberPay, payments.MethodPodeli,
			payments.MethodOTP, payments.MethodYandexPaySplit, payments.MethodMokka},
	}
	if diff := cmp.Diff(want, newProvider(t, nil, nil).Capabilities()); diff != "" {
		t.Errorf("Capabilities (-want +got):\n%s", diff)
	}
	// Test mode has no holds, recurring charges or DirectPayment
	// (github.com/robokassa/sdk-php refuses hold Confirm/Cancel and recurring
	// charges in test mode; https://docs.robokassa.ru/ru/direct-payment has
	// no test mode): none is declared.
	tm := newProvider(t, nil, func(c *Config) { c.TestMode = true }).Capabilities()
	want.Operations = append(want.Operations[:3:3], payments.OpSendReceipt, payments.OpReceiptStatus)
	want.Holds, want.HoldPeriod, want.PartialCapture, want.CaptureReceipts, want.Recurring = false, 0, false, false, false
	want.PaymentMethods = nil
	if diff := cmp.Diff(want, tm); diff != "" {
		t.Errorf("test-mode Capabilities (-want +got):\n%s", diff)
	}
	// Without Password3 refunds are still declared (Refund says what is
	// missing), and KZT shops take KZT.
	p := newProvider(t, nil, func(c *Config) { c.Password3 = ""; c.Currency = payments.KZT })
	caps := p.Capabilities()
	if !caps.Supports(payments.OpRefund) || !caps.Supports(payments.OpRefundStatus) || !caps.SupportsCurrency(payments.KZT) || caps.SupportsCurrency(payments.RUB) {
		t.Errorf("caps without Password3, KZT = %+v", caps)
	}
	if p.Config().AuthURL != HostKZ {
		t.Errorf("KZT shop AuthURL = %s, want %s", p.Config().AuthURL, HostKZ)
	}
}

func TestBalanceAndWithdrawalUnsupported(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	if _, ok := any(p).(payments.BalanceReader); ok {
		t.Error("Provider implements BalanceReader")
	}
	if _, ok := any(p).(payments.Withdrawer); ok {
		t.Error("Provider implements Withdrawer")
	}
	c, _ := payments.New(p, nil)
	if _, err := c.Balance(t.Context(), payments.RUB); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Balance err = %v", err)
	}
	if _, err := c.Withdraw(t.Context(), &payments.WithdrawalRequest{}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Withdraw err = %v", err)
	}
}

func initRequest() *payments.InitRequest {
	return &payments.InitRequest{
		OrderID:         "1001",
		Amount:          rub("10.00"),
		Description:     "Order 1001",
		Email:           "buyer@example.com",
		Language:        "en",
		SuccessURL:      "https://shop.example/success",
		FailURL:         "https://shop.example/fail",
		NotificationURL: "https://shop.example/webhooks",
		ExpiresAt:       time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		Metadata:        map[string]string{"order": "42"},
	}
}

func TestInitPaymentRedirect(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, func(c *Config) { c.Culture = "ru" })
	c, _ := payments.New(p, nil)
	pay, err := c.InitPayment(t.Context(), initRequest())
	if err != nil {
		t.Fatal(err)
	}
	if pay.Status != payments.StatusPending || pay.OrderID != "1001" || !pay.Amount.Equal(rub("10")) || pay.NextStep.Kind != payments.NextRedirect {
		t.Fatalf("payment = %+v", pay)
	}
	q := queryOf(t, pay.NextStep.URL)
	// Order of https://docs.robokassa.ru/script-parameters/ and
	// https://docs.robokassa.ru/pay-interface; ResultUrl2 (NotificationURL) and
	// SuccessUrl2/FailUrl2 raw in the base (Robokassa support since
	// 2025-06-30, byBenPuls/robokassa#20 on GitHub; the official modules).
	base := "golden-shop:10.00:1001:https://shop.example/webhooks:https://shop.example/success:GET:https://shop.example/fail:GET:Pass1_golden8:Shp_order=42"
	want := url.Values{
		"MerchantLogin": {"golden-shop"}, "OutSum": {"10.00"}, "InvId": {"1001"}, "Description": {"Order 1001"},
		"Culture": {"en"}, "Email": {"buyer@example.com"}, "ExpirationDate": {"2030-01-02T03:04:05+00:00"},
		"ResultUrl2":  {"https://shop.example/webhooks"},
		"SuccessUrl2": {"https://shop.example/success"}, "SuccessUrl2Method": {"GET"},
		"FailUrl2": {"https://shop.example/fail"}, "FailUrl2Method": {"GET"}, "Shp_order": {"42"},
		"SignatureValue": {md5Upper(base)},
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("link parameters (-want +got):\n%s", diff)
	}

	// A language tag gives its primary subtag.
	req := initRequest()
	req.Language = "EN-us"
	pay, err = c.InitPayment(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryOf(t, pay.NextStep.URL).Get("Culture"); got != "en" {
		t.Errorf("Culture = %q, want en", got)
	}

	// Without a language the configured culture applies.
	req = initRequest()
	req.Language = ""
	pay, err = c.InitPayment(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryOf(t, pay.NextStep.URL).Get("Culture"); got != "ru" {
		t.Errorf("Culture = %q, want the configured ru", got)
	}
}

func TestInitPaymentForm(t *testing.T) {
	t.Parallel()
	receipt := &payments.Receipt{TaxSystem: "osn", Items: []payments.ReceiptItem{{
		Name: "Товар & <1>", Quantity: decimal.NewFromInt(1), Amount: rub("10.00"),
		Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity",
	}}}
	tests := []struct {
		name    string
		mod     func(*Config)
		receipt *payments.Receipt
		fields  []string
	}{
		{"PostForm", func(c *Config) { c.PostForm = true }, nil,
			[]string{"MerchantLogin", "OutSum", "InvId", "Description", "Culture", "Email", "ExpirationDate", "ResultUrl2", "SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Shp_order", "SignatureValue"}},
		{"receipt forces a form", nil, receipt,
			[]string{"MerchantLogin", "OutSum", "InvId", "Description", "Culture", "Email", "ExpirationDate", "Receipt", "ResultUrl2", "SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Shp_order", "SignatureValue"}},
		{"test mode", func(c *Config) { c.TestMode = true; c.PostForm = true }, nil,
			[]string{"MerchantLogin", "OutSum", "InvId", "Description", "Culture", "Email", "ExpirationDate", "IsTest", "ResultUrl2", "SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Shp_order", "SignatureValue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			req := initRequest()
			req.Receipt = tt.receipt
			c, _ := payments.New(p, nil)
			pay, err := c.InitPayment(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			st := pay.NextStep
			if st.Kind != payments.NextPostForm || st.URL != HostRU+"/Merchant/Index.aspx" {
				t.Fatalf("step = %+v", st)
			}
			var names []string
			vals := map[string]string{}
			for _, f := range st.Fields {
				names = append(names, f.Name)
				vals[f.Name] = f.Value
			}
			if diff := cmp.Diff(tt.fields, names); diff != "" {
				t.Errorf("field order (-want +got):\n%s", diff)
			}
			pass, receiptPart := goldenPass1, ""
			if tt.mod != nil && p.cfg.TestMode {
				pass = goldenTest1
			}
			if tt.receipt != nil {
				// The form field carries urlencode(json): the browser encodes
				// it once more and Robokassa decodes once
				// (https://docs.robokassa.ru/fiscalization).
				if vals["Receipt"] != url.QueryEscape(oneItemReceiptJSON) {
					t.Errorf("Receipt = %s", vals["Receipt"])
				}
				receiptPart = ":" + url.QueryEscape(oneItemReceiptJSON)
			}
			base := "golden-shop:10.00:1001" + receiptPart + ":https://shop.example/webhooks:https://shop.example/success:GET:https://shop.example/fail:GET:" + pass + ":Shp_order=42"
			if vals["SignatureValue"] != md5Upper(base) {
				t.Errorf("SignatureValue = %s, want MD5(%s)", vals["SignatureValue"], base)
			}
		})
	}
}

func TestInitPaymentRejects(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	for _, id := range []string{"", "abc", "0", "-5", "+5", "007", "99999999999999999999"} {
		req := initRequest()
		req.OrderID = id
		if _, err := p.InitPayment(t.Context(), req); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("order id %q: err = %v, want ErrInvalidRequest", id, err)
		}
	}
	if _, err := p.InitPayment(t.Context(), nil); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("nil request: %v", err)
	}
	req := initRequest()
	req.Metadata = map[string]string{"bad name": "x"}
	if _, err := p.InitPayment(t.Context(), req); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("bad metadata name: %v", err)
	}
	var pe *payments.Error
	if _, err := p.InitPayment(t.Context(), req); !errors.As(err, &pe) || pe.Op != payments.OpInitPayment || pe.Provider != Name {
		t.Errorf("error %#v does not name the operation", err)
	}
}
