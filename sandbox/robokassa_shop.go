package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// Defaults of the sandbox's Robokassa shop. They are not secrets: the
// sandbox is for tests and local development only.
const (
	DefaultRobokassaLogin         = "sandbox-shop"
	DefaultRobokassaPassword1     = "sandbox-pass1"
	DefaultRobokassaPassword2     = "sandbox-pass2"
	DefaultRobokassaPassword3     = "sandbox-pass3"
	DefaultRobokassaTestPassword1 = "sandbox-test-pass1"
	DefaultRobokassaTestPassword2 = "sandbox-test-pass2"
)

// RobokassaShop is the one shop the sandbox's Robokassa side knows: the
// "technical settings" of a shop in Robokassa's cabinet. Empty fields take
// the defaults: login DefaultRobokassaLogin, the Default* passwords,
// algorithm MD5 and ResultMethod POST. Passwords never print: String,
// GoString, Format, LogValue and MarshalJSON redact them.
type RobokassaShop struct {
	// MerchantLogin is the shop's identifier.
	MerchantLogin string
	// Password1 signs payment links and SuccessURL redirects and keys the
	// Invoice API's JWT (with the login).
	Password1 string
	// Password2 signs ResultURL notifications and OpStateExt requests.
	Password2 string
	// Password3 keys the Refund API's JWT.
	Password3 string
	// TestPassword1 and TestPassword2 replace Password1 and Password2 for
	// test payments (IsTest=1).
	TestPassword1 string
	// TestPassword2 signs test ResultURL notifications.
	TestPassword2 string
	// Algorithm is the shop's hash algorithm.
	Algorithm robokassa.Algorithm
	// ResultURL receives the signed notification of each payment. Empty
	// means no notification unless the link gives ResultUrl2.
	ResultURL string
	// SuccessURL is where the buyer goes after paying (GET), unless the
	// link gives SuccessUrl2.
	SuccessURL string
	// FailURL is where the buyer goes after declining (GET), unless the
	// link gives FailUrl2.
	FailURL string
	// ResultMethod is how ResultURL is called: "POST" (the default, a form
	// body) or "GET" (a query).
	ResultMethod string
}

func (sh RobokassaShop) withDefaults() RobokassaShop {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&sh.MerchantLogin, DefaultRobokassaLogin)
	def(&sh.Password1, DefaultRobokassaPassword1)
	def(&sh.Password2, DefaultRobokassaPassword2)
	def(&sh.Password3, DefaultRobokassaPassword3)
	def(&sh.TestPassword1, DefaultRobokassaTestPassword1)
	def(&sh.TestPassword2, DefaultRobokassaTestPassword2)
	if sh.Algorithm == "" {
		sh.Algorithm = robokassa.MD5
	}
	sh.ResultMethod = strings.ToUpper(sh.ResultMethod)
	def(&sh.ResultMethod, http.MethodPost)
	return sh
}

// check reports what is wrong with a shop that has its defaults.
func (sh RobokassaShop) check() error {
	switch {
	case !sh.Algorithm.Valid():
		return fmt.Errorf("sandbox: robokassa shop: unknown algorithm %q", string(sh.Algorithm))
	case sh.ResultMethod != http.MethodPost && sh.ResultMethod != http.MethodGet:
		return fmt.Errorf("sandbox: robokassa shop: ResultMethod must be GET or POST, got %q", sh.ResultMethod)
	case strings.ContainsAny(sh.MerchantLogin, ":&= \t\r\n"):
		return fmt.Errorf("sandbox: robokassa shop: MerchantLogin %q has a character Robokassa does not allow", sh.MerchantLogin)
	}
	return nil
}

func rkRedact(s string) string { return payments.Secret(s).String() }

// String describes the shop with its passwords redacted.
func (sh RobokassaShop) String() string {
	return fmt.Sprintf("sandbox.RobokassaShop{MerchantLogin: %q, Algorithm: %q, ResultURL: %q, SuccessURL: %q, FailURL: %q, ResultMethod: %q, Password1: %q, Password2: %q, Password3: %q, TestPassword1: %q, TestPassword2: %q}",
		sh.MerchantLogin, string(sh.Algorithm), sh.ResultURL, sh.SuccessURL, sh.FailURL, sh.ResultMethod,
		rkRedact(sh.Password1), rkRedact(sh.Password2), rkRedact(sh.Password3), rkRedact(sh.TestPassword1), rkRedact(sh.TestPassword2))
}

// GoString is String: passwords never print, not even with %#v.
func (sh RobokassaShop) GoString() string { return sh.String() }

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (sh RobokassaShop) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, sh.String()) }

// LogValue implements slog.LogValuer with the passwords redacted.
func (sh RobokassaShop) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_login", sh.MerchantLogin),
		slog.String("algorithm", string(sh.Algorithm)),
		slog.String("result_url", sh.ResultURL),
		slog.String("success_url", sh.SuccessURL),
		slog.String("fail_url", sh.FailURL),
		slog.String("result_method", sh.ResultMethod),
		slog.String("password1", rkRedact(sh.Password1)),
		slog.String("password2", rkRedact(sh.Password2)),
		slog.String("password3", rkRedact(sh.Password3)),
		slog.String("test_password1", rkRedact(sh.TestPassword1)),
		slog.String("test_password2", rkRedact(sh.TestPassword2)),
	)
}

// MarshalJSON implements json.Marshaler with the passwords redacted, so that
// a shop (or Options holding one) never shows them in JSON logs.
func (sh RobokassaShop) MarshalJSON() ([]byte, error) {
	type plain RobokassaShop // without methods, so that encoding does not recurse
	p := plain(sh)
	for _, s := range []*string{&p.Password1, &p.Password2, &p.Password3, &p.TestPassword1, &p.TestPassword2} {
		*s = rkRedact(*s)
	}
	return json.Marshal(p)
}
