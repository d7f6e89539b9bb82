package robokassa

import (
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paykit/payments"
)

// Link is a payment on Robokassa's payment page with every parameter of the
// payment interface (https://docs.robokassa.ru/script-parameters/). Build it into a GET link with
// [Provider.PaymentURL] or a form to POST with [Provider.PaymentForm].
type Link struct {
	// Amount is OutSum. In the shop's currency (Config.Currency) it is sent
	// as is; in another of RUB, USD, EUR or KZT it is sent with
	// OutSumCurrency and Robokassa converts it, so callbacks and OpStateExt
	// report the converted amount in the shop's currency. At most two
	// decimals; formatted as "10.00". Required, positive.
	Amount payments.Money
	// InvID is the shop's invoice number; 0 lets Robokassa assign one (the
	// signature then has an empty InvId field).
	InvID int64
	// Description is shown to the buyer; at most MaxDescription characters.
	Description string
	// IncCurrLabel suggests a payment method (a Label from GetCurrencies).
	IncCurrLabel string
	// Culture is the page's language: "ru", "en" ("kk" in Kazakhstan).
	Culture string
	// Encoding is the encoding of the parameters; Robokassa's default is
	// utf-8.
	Encoding string
	// Email is the buyer's e-mail address.
	Email string
	// ExpirationDate is when the link stops accepting payment; zero means
	// Robokassa's default. Sent as ISO 8601 with its offset.
	ExpirationDate time.Time
	// UserIP is the buyer's IPv4 or IPv6 address, without a zone (signed).
	UserIP string
	// IsTest makes a test payment (IsTest=1) signed with TestPassword1.
	IsTest bool
	// Receipt is the fiscal receipt (signed); its total must equal Amount.
	Receipt *Receipt
	// StepByStep holds the money (two-stage payment) instead of taking it.
	StepByStep bool
	// ResultURL2 receives Robokassa's additional JWS notification.
	ResultURL2 string
	// SuccessURL2 overrides the shop's SuccessURL; signed raw (Robokassa
	// support's reply in byBenPuls/robokassa#20, since 2025-06-30).
	SuccessURL2 string
	// SuccessURL2Method is "GET" or "POST"; required with SuccessURL2.
	SuccessURL2Method string
	// FailURL2 overrides the shop's FailURL; signed raw.
	FailURL2 string
	// FailURL2Method is "GET" or "POST"; required with FailURL2.
	FailURL2Method string
	// Token is a saved-card token (signed); it must not contain ':'.
	Token string
	// Recurring marks the first payment of a series (not signed).
	Recurring bool
	// DirectPayment sends the buyer to DirectPayment instead of
	// Index.aspx: the page of the method IncCurrLabel preselects (SBP,
	// SberPay, Podeli, OTP, YandexPaySplit or Mokka), with the same
	// parameters and signature (https://docs.robokassa.ru/ru/direct-payment).
	// It needs IncCurrLabel and has no test mode.
	DirectPayment bool
	// Shp are the shop's own parameters, sent as Shp_<name>=<value>,
	// signed after the password sorted by name, and echoed back in
	// callbacks. Names are given without the prefix: letters, digits and
	// '_', not two differing only in case (our inference: client libraries
	// sort such names differently). Values must
	// not contain ':' or '=': the signature joins the pairs as
	// ":Shp_name=value" unescaped, so a value "hi:Shp_plan=premium" would
	// let the buyer rewrite the link into two parameters under the same
	// signature. Such a value is refused with payments.ErrInvalidRequest;
	// encode free text (base64url without padding, hex) before putting it
	// here.
	Shp map[string]string
}

// expirationLayout is ISO 8601 with seconds and a numeric offset.
const expirationLayout = "2006-01-02T15:04:05-07:00"

// outSumCurrencies are the currencies OutSumCurrency takes (https://docs.robokassa.ru/script-parameters/).
var outSumCurrencies = []payments.Currency{payments.RUB, payments.USD, payments.EUR, payments.KZT}

// hasControl reports whether s is not valid UTF-8 or has an ASCII control
// character.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return true
		}
	}
	return !utf8.ValidString(s)
}

func validShpName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// validIP reports whether s is an IPv4 or IPv6 address without a zone:
// only hex digits, '.' and ':' then reach the signature.
func validIP(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Zone() == ""
}

func validURL2(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !hasSpaceOrControl(s)
}

// checkLink validates l; it does not allocate on success.
func (p *Provider) checkLink(l *Link) error {
	const op = OpPaymentLink
	switch {
	case l == nil:
		return invalidf(op, "nil link")
	case l.Amount.Currency != p.cfg.Currency && !slices.Contains(outSumCurrencies, l.Amount.Currency):
		return invalidf(op, "currency %q is neither the shop's %s nor one of RUB, USD, EUR, KZT", string(l.Amount.Currency), p.cfg.Currency)
	case l.InvID < 0:
		return invalidf(op, "InvId must be positive or 0, got %d", l.InvID)
	case hasControl(l.Description):
		return invalidf(op, "description must be printable UTF-8 text")
	case len(l.Description) > MaxDescription && utf8.RuneCountInString(l.Description) > MaxDescription:
		return invalidf(op, "description is longer than %d characters", MaxDescription)
	case l.Email != "" && (!strings.Contains(l.Email, "@") || hasSpaceOrControl(l.Email)):
		return invalidf(op, "e-mail %q is not an address", l.Email)
	case hasSpaceOrControl(l.IncCurrLabel) || hasSpaceOrControl(l.Culture) || hasSpaceOrControl(l.Encoding) ||
		hasSpaceOrControl(l.Token):
		return invalidf(op, "IncCurrLabel, Culture, Encoding and Token must not contain spaces or control characters")
	case strings.IndexByte(l.Token, ':') >= 0:
		return invalidf(op, "Token must not contain ':', the signature's separator")
	case l.UserIP != "" && !validIP(l.UserIP):
		return invalidf(op, "UserIp %q is not an IP address", l.UserIP)
	case l.ResultURL2 != "" && !validURL2(l.ResultURL2):
		return invalidf(op, "ResultUrl2 %q is not an absolute http(s) URL", l.ResultURL2)
	case l.SuccessURL2 != "" && !validURL2(l.SuccessURL2):
		return invalidf(op, "SuccessUrl2 %q is not an absolute http(s) URL", l.SuccessURL2)
	case l.FailURL2 != "" && !validURL2(l.FailURL2):
		return invalidf(op, "FailUrl2 %q is not an absolute http(s) URL", l.FailURL2)
	case !validMethod(l.SuccessURL2, l.SuccessURL2Method):
		return invalidf(op, "SuccessUrl2Method must be GET or POST with SuccessUrl2 and empty without it")
	case !validMethod(l.FailURL2, l.FailURL2Method):
		return invalidf(op, "FailUrl2Method must be GET or POST with FailUrl2 and empty without it")
	case l.DirectPayment && (l.IncCurrLabel == "" || l.IsTest):
		return invalidf(op, "DirectPayment needs IncCurrLabel and has no test mode")
	case l.IsTest && p.cfg.TestPassword1 == "":
		return invalidf(op, "a test payment needs Config.TestPassword1")
	}
	return nil
}

// checkShp validates one Shp_ parameter of a link.
func checkShp(k, v string) error {
	const op = OpPaymentLink
	if !validShpName(k) {
		return invalidf(op, "Shp name %q must be letters, digits and '_', without the Shp_ prefix", k)
	}
	if len(k) >= 4 && strings.EqualFold(k[:4], "shp_") {
		return invalidf(op, "give Shp name %q without the Shp_ prefix", k)
	}
	if hasControl(v) {
		return invalidf(op, "Shp_%s must be printable UTF-8 text", k)
	}
	if ambiguousShp(v) {
		return invalidf(op, "Shp_%s must not contain ':' or '=': the signature joins the Shp_ parameters as :name=value unescaped, so a buyer could turn the value into other parameters", k)
	}
	return nil
}

func validMethod(u, m string) bool {
	if u == "" {
		return m == ""
	}
	return m == "GET" || m == "POST"
}
