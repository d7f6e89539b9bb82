package robokassa_test

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/robokassa"
)

// The golden shop: a made-up shop (golden-shop, passwords Pass1_golden8,
// Pass2_golden8, Pass3_golden8) whose signatures are computed with
// Robokassa's documented rules, not published vectors, plus test passwords
// of our own.
const (
	login = "golden-shop"
	pass1 = "Pass1_golden8"
	pass2 = "Pass2_golden8"
	pass3 = "Pass3_golden8"
	test1 = "Test1_golden8"
	test2 = "Test2_golden8"
)

// goldenConfig is the golden shop's live (not test-mode) configuration,
// whose requests go to base ("" for Robokassa's own hosts) through rt.
// The lifecycle (holds, recurring charges) is declared only outside test
// mode, as Robokassa offers it only there.
func goldenConfig(base string, rt http.RoundTripper) robokassa.Config {
	return robokassa.Config{
		MerchantLogin: login,
		Password1:     pass1,
		Password2:     pass2,
		Password3:     pass3,
		TestPassword1: test1,
		TestPassword2: test2,
		Algorithm:     robokassa.MD5,
		AuthURL:       base,
		ServicesURL:   base,
		FiscalURL:     base,
		HTTPClient:    &http.Client{Transport: rt},
	}
}

// recordHarness, when set (by conformance_record_test.go, built with
// -tags record), gives the harness a live side to record fixtures against
// with -record.
var recordHarness func(h *conformance.Harness)

func TestConformance(t *testing.T) {
	h := conformance.Harness{
		Name:       robokassa.Name,
		FixtureDir: "../testdata/robokassa",
		NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
			p, err := robokassa.New(goldenConfig("", rt))
			if err != nil {
				t.Fatal(err)
			}
			return p
		},
		WebhookSecret: pass2,
		SignWebhook:   signResultURL,
		EditWebhook:   conformance.FormEditor("SignatureValue", "OutSum"),
		Ack:           resultURLAck,
		Secrets:       []string{pass1, pass2, pass3, test1, test2},
	}
	if recordHarness != nil {
		recordHarness(&h)
	}
	conformance.Run(t, h)
}

// resultURLAck is the reply Robokassa's documentation asks for to a
// handled ResultURL notification: "OK" followed by the InvId, as plain
// text (https://docs.robokassa.ru/ru/notifications-and-redirects), written
// here independently of the package's own ResultAck.
func resultURLAck(w conformance.Webhook) payments.Ack {
	return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK" + w.OrderID}
}

// signResultURL builds a ResultURL notification as Robokassa posts it
// (https://docs.robokassa.ru/notifications-and-redirects): OutSum with six decimals, InvId, Fee, EMail, the
// payment method, and SignatureValue = MD5(OutSum:InvId:Password2) in
// upper case, computed here independently of the package.
func signResultURL(t *testing.T, w conformance.Webhook, secret string) *http.Request {
	t.Helper()
	if w.Status != payments.StatusSucceeded || w.Type != payments.EventPayment {
		t.Fatalf("Robokassa's ResultURL only reports paid payments, not %s %s", w.Type, w.Status)
	}
	outSum := w.Amount.Amount.StringFixed(6)
	sum := md5.Sum([]byte(outSum + ":" + w.OrderID + ":" + secret))
	form := url.Values{
		"OutSum":         {outSum},
		"InvId":          {w.OrderID},
		"Fee":            {"0.000000"},
		"EMail":          {"buyer@example.com"},
		"PaymentMethod":  {"BankCard"},
		"IncCurrLabel":   {"BankCardPSR"},
		"SignatureValue": {strings.ToUpper(hex.EncodeToString(sum[:]))},
	}
	r := httptest.NewRequest(http.MethodPost, "/robokassa/result", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}
