package robokassa

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments"
)

// Hosts of the payment interface, the XML interfaces and split payments
// (https://docs.robokassa.ru/script-parameters/, https://docs.robokassa.ru/xml-interfaces,
// https://docs.robokassa.ru/split-payments), and of the Invoice and Refund APIs
// (https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api).
const (
	// HostRU is the Russian payment host, the default AuthURL.
	HostRU = "https://auth.robokassa.ru"
	// HostKZ is the Kazakhstan payment host, the default AuthURL for a shop
	// whose Currency is KZT.
	HostKZ = "https://auth.robokassa.kz"
	// HostServices is the host of the Invoice and Refund APIs, the default
	// ServicesURL.
	HostServices = "https://services.robokassa.ru"
	// HostFiscal is the host of RoboFiscal, the receipts after payment
	// (https://docs.robokassa.ru/second-check), the default FiscalURL.
	HostFiscal = "https://ws.roboxchange.com"
)

// BodyFormat is how a JWT travels in an HTTP request body. Robokassa's
// documentation says only "a JWT string in the body" and client libraries
// disagree (https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api), so it is configurable.
type BodyFormat int

const (
	// BodyDefault is the endpoint's default: BodyRawJWT for the Refund API
	// (our inference from https://docs.robokassa.ru/refund-api) and BodyJSONString for the
	// Invoice API (the documented example request, https://docs.robokassa.ru/invoice-api).
	BodyDefault BodyFormat = iota
	// BodyRawJWT sends the bare token with Content-Type application/jwt.
	BodyRawJWT
	// BodyJSONString sends the token as a JSON string ("eyJ...") with
	// Content-Type application/json.
	BodyJSONString
)

// ReceiptEncoding says how a fiscal receipt is encoded in a payment link or
// form. Either way the signature covers exactly the value Robokassa sees
// after one level of form or query decoding (https://docs.robokassa.ru/fiscalization; our inference).
type ReceiptEncoding int

const (
	// ReceiptURLEncoded, the default, follows the documentation and the
	// official PHP SDK: the field's value is the URL-encoded JSON and the
	// signature covers that encoded text; a GET link encodes it once more.
	ReceiptURLEncoded ReceiptEncoding = iota
	// ReceiptRawJSON sends the JSON itself as the field's value and signs
	// the JSON (igor-netFantom/robokassa-api, go-robokassa-sdk).
	ReceiptRawJSON
)

// Config configures a Robokassa [Provider]. Passwords never print: they are
// payments.Secret values, which every fmt verb, slog and encoding/json show
// as "[redacted]", so a Config needs no printing code of its own. JSON
// (for logs) uses the snake_case keys of the struct tags and leaves out
// HTTPClient; it does not decode back into a working Config.
type Config struct {
	// MerchantLogin is the shop's identifier. Required.
	MerchantLogin string `json:"merchant_login"`
	// Password1 signs payment links and the Invoice API and verifies
	// SuccessURL redirects. Required.
	Password1 payments.Secret `json:"password1"`
	// Password2 verifies ResultURL notifications and signs OpStateExt.
	// Required.
	Password2 payments.Secret `json:"password2"`
	// Password3 signs Refund API requests. Optional: without it Refund
	// returns an error wrapping errors.ErrUnsupported that names it.
	Password3 payments.Secret `json:"password3"`
	// TestPassword1 and TestPassword2 are the shop's separate test
	// passwords, used instead of Password1 and Password2 when TestMode is
	// set or a link asks for IsTest (https://docs.robokassa.ru/script-parameters/).
	TestPassword1 payments.Secret `json:"test_password1"`
	// TestPassword2 verifies test ResultURL notifications.
	TestPassword2 payments.Secret `json:"test_password2"`
	// TestMode makes InitPayment links test payments (IsTest=1, signed
	// with TestPassword1) and verifies callbacks with the test passwords.
	// OpStateExt, refunds and invoices always use the live passwords.
	TestMode bool `json:"test_mode"`

	// Algorithm is the shop's hash algorithm from its technical settings.
	// Required; there is no default.
	Algorithm Algorithm `json:"algorithm"`
	// RefundAlgorithm is the Refund API's JWT algorithm: "HS256" (the
	// default), "HS384" or "HS512" (https://docs.robokassa.ru/refund-api).
	RefundAlgorithm string `json:"refund_algorithm"`
	// RefundBody is how the refund JWT is sent; BodyDefault is BodyRawJWT.
	RefundBody BodyFormat `json:"refund_body"`
	// InvoiceBody is how the Invoice API's JWT is sent; BodyDefault is
	// BodyJSONString.
	InvoiceBody BodyFormat `json:"invoice_body"`

	// Currency is the shop's currency, in which Robokassa reports OutSum
	// in callbacks and OpStateExt: RUB (the default) or KZT for a shop on
	// the Kazakhstan host. The portable API takes payments in this currency
	// only; see Link for OutSumCurrency.
	Currency payments.Currency `json:"currency"`
	// AuthURL is the base URL of the payment interface, the XML interfaces
	// and split payments; empty means HostRU (HostKZ when Currency is KZT).
	AuthURL string `json:"auth_url"`
	// ServicesURL is the base URL of the Invoice and Refund APIs; empty
	// means HostServices.
	ServicesURL string `json:"services_url"`
	// HTTPClient sends the requests; nil means a client with a
	// DefaultTimeout timeout. Redirects are never followed.
	HTTPClient *http.Client `json:"-"`

	// Culture is the default language of the payment page ("ru", "en",
	// "kk"), used when a request gives none; empty lets Robokassa choose.
	Culture string `json:"culture"`
	// PostForm makes InitPayment return a form to POST instead of a GET
	// link. Payments with a receipt always use a form.
	PostForm bool `json:"post_form"`
	// ReceiptEncoding is how receipts are encoded; see ReceiptEncoding.
	ReceiptEncoding ReceiptEncoding `json:"receipt_encoding"`
	// ResultURL2 is the ResultUrl2 that InitPayment sends with a hold
	// (InitRequest.Hold) whose request has no NotificationURL: the
	// absolute http(s) URL that receives Robokassa's JWS notification.
	// A hold needs one, since Robokassa reports a hold only there
	// (https://docs.robokassa.ru/holding/). Empty means none.
	ResultURL2 string `json:"result_url2"`
	// ResultURL2Certificates are the PEM certificates (one or more) whose
	// RSA keys verify ResultUrl2 notifications; any one of them that is
	// within its validity window verifies. Empty means
	// DefaultResultURL2Certificates, Robokassa's current certificate
	// (https://docs.robokassa.ru/media/files/jwtsign.cer). Robokassa
	// rotates it about yearly: give the new one here, or the old and the
	// new together during a changeover. Public key material, not a secret.
	ResultURL2Certificates string `json:"result_url2_certificates"`
	// FiscalURL is the base URL of RoboFiscal (receipts after payment,
	// SendReceipt and ReceiptStatus); empty means HostFiscal.
	FiscalURL string `json:"fiscal_url"`
	// ShopURL is the shop's site, sent as the url of a receipt after
	// payment (https://docs.robokassa.ru/second-check); empty sends none.
	ShopURL string `json:"shop_url"`
	// Now is the clock, for the validity of ResultUrl2 certificates and
	// the age of ResultUrl2 notifications; nil means time.Now.
	Now func() time.Time `json:"-"`
}

// ConfigError reports an invalid Config field. It unwraps to
// payments.ErrInvalidRequest.
type ConfigError struct {
	// Field is the Config field at fault, such as "Password2".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error implements the error interface.
func (e *ConfigError) Error() string {
	return "robokassa: invalid config: " + e.Field + ": " + e.Reason
}

// Unwrap returns payments.ErrInvalidRequest.
func (e *ConfigError) Unwrap() error { return payments.ErrInvalidRequest }

// Validate checks the configuration and returns a *ConfigError naming the
// first field at fault.
func (c *Config) Validate() error {
	bad := func(field, reason string) error { return &ConfigError{Field: field, Reason: reason} }
	switch {
	case c.MerchantLogin == "":
		return bad("MerchantLogin", "required")
	case strings.ContainsAny(c.MerchantLogin, ":&=") || hasSpaceOrControl(c.MerchantLogin):
		return bad("MerchantLogin", "must not contain ':', '&', '=', spaces or control characters")
	case c.Password1 == "":
		return bad("Password1", "required")
	case c.Password2 == "":
		return bad("Password2", "required")
	case c.TestMode && c.TestPassword1 == "":
		return bad("TestPassword1", "required in test mode")
	case c.TestMode && c.TestPassword2 == "":
		return bad("TestPassword2", "required in test mode")
	case c.Algorithm == "":
		return bad("Algorithm", "required: the hash algorithm of the shop's technical settings (MD5, RIPEMD160, SHA1, SHA256, SHA384 or SHA512)")
	case !c.Algorithm.Valid():
		return bad("Algorithm", "unknown hash algorithm "+quote(string(c.Algorithm))+"; want MD5, RIPEMD160, SHA1, SHA256, SHA384 or SHA512")
	}
	if _, err := refundMethod(c.RefundAlgorithm); err != nil {
		return err
	}
	if c.RefundBody < BodyDefault || c.RefundBody > BodyJSONString {
		return bad("RefundBody", "unknown body format "+strconv.Itoa(int(c.RefundBody)))
	}
	if c.InvoiceBody < BodyDefault || c.InvoiceBody > BodyJSONString {
		return bad("InvoiceBody", "unknown body format "+strconv.Itoa(int(c.InvoiceBody)))
	}
	if c.ReceiptEncoding != ReceiptURLEncoded && c.ReceiptEncoding != ReceiptRawJSON {
		return bad("ReceiptEncoding", "unknown receipt encoding "+strconv.Itoa(int(c.ReceiptEncoding)))
	}
	switch c.Currency {
	case "", payments.RUB, payments.KZT:
	default:
		return bad("Currency", "must be RUB or KZT, got "+quote(string(c.Currency)))
	}
	if err := checkBaseURL("AuthURL", c.AuthURL); err != nil {
		return err
	}
	if err := checkBaseURL("ServicesURL", c.ServicesURL); err != nil {
		return err
	}
	if c.ResultURL2 != "" && !validURL2(c.ResultURL2) {
		return bad("ResultURL2", "must be an absolute http(s) URL")
	}
	if c.ResultURL2Certificates != "" {
		if _, err := parseResultURL2Certs(c.ResultURL2Certificates); err != nil {
			return bad("ResultURL2Certificates", "must be PEM certificates with RSA keys: "+err.Error())
		}
	}
	if err := checkBaseURL("FiscalURL", c.FiscalURL); err != nil {
		return err
	}
	if c.ShopURL != "" && !validURL2(c.ShopURL) {
		return bad("ShopURL", "must be an absolute http(s) URL")
	}
	if hasSpaceOrControl(c.Culture) || strings.ContainsAny(c.Culture, "&=") {
		return bad("Culture", "must be a language code such as \"ru\"")
	}
	return nil
}

func checkBaseURL(field, s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		// The URL is not quoted: a user:password part would leak.
		return &ConfigError{Field: field, Reason: "must be an absolute http(s) URL without credentials, query or fragment"}
	}
	return nil
}

// hasSpaceOrControl reports whether s has an ASCII space or control
// character (bytes of multi-byte UTF-8 sequences are all above 0x7f).
func hasSpaceOrControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return true
		}
	}
	return false
}

func quote(s string) string { return strconv.Quote(s) }

// DefaultTimeout bounds each request when Config.HTTPClient is nil.
const DefaultTimeout = 30 * time.Second

// withDefaults returns a copy of c with the defaults filled in.
func (c Config) withDefaults() Config {
	if c.Currency == "" {
		c.Currency = payments.RUB
	}
	if c.AuthURL == "" {
		c.AuthURL = HostRU
		if c.Currency == payments.KZT {
			c.AuthURL = HostKZ
		}
	}
	if c.ServicesURL == "" {
		c.ServicesURL = HostServices
	}
	if c.FiscalURL == "" {
		c.FiscalURL = HostFiscal
	}
	c.FiscalURL = strings.TrimRight(c.FiscalURL, "/")
	c.AuthURL = strings.TrimRight(c.AuthURL, "/")
	c.ServicesURL = strings.TrimRight(c.ServicesURL, "/")
	if c.RefundAlgorithm == "" {
		c.RefundAlgorithm = "HS256"
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: DefaultTimeout}
	}
	if c.RefundBody == BodyDefault {
		c.RefundBody = BodyRawJWT
	}
	if c.InvoiceBody == BodyDefault {
		c.InvoiceBody = BodyJSONString
	}
	return c
}

// redacted is how Link and OperationState show a token or an OpKey: as a
// payments.Secret shows.
func redacted(secret string) string { return payments.Secret(secret).String() }
