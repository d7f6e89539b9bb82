package robokassa

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
)

// Notification is a ResultURL or SuccessURL callback (https://docs.robokassa.ru/notifications-and-redirects) with
// its values exactly as received. The signature covers OutSum, InvId and
// the Shp_ parameters only; Fee, EMail, PaymentMethod and IncCurrLabel are
// informative and not signed.
type Notification struct {
	// OutSum is the amount text as received, such as "10.000000".
	OutSum string
	// InvID is the invoice number text as received.
	InvID string
	// Signature is SignatureValue as received (empty for FailURL).
	Signature string
	// Amount is OutSum in the shop's currency.
	Amount payments.Money
	// Fee is Robokassa's fee (ResultURL only), zero if absent or malformed.
	Fee payments.Money
	// Email is the buyer's e-mail (the EMail field).
	Email string
	// PaymentMethod is the method used, such as "BankCard".
	PaymentMethod string
	// IncCurrLabel is the payment method's currency label.
	IncCurrLabel string
	// Culture is the page's language (SuccessURL and FailURL).
	Culture string
	// IsTest reports IsTest=1.
	IsTest bool
	// Shp holds the Shp_ parameters by name, without the prefix (which may
	// come in any case: Shp_, shp_, SHP_).
	Shp map[string]string
	// Fields holds every received field (the first value of each).
	Fields map[string]string
}

// Field names, with the legacy names Robokassa's old interface used.
var (
	namesOutSum    = []string{"OutSum", "out_summ"}
	namesInvID     = []string{"InvId", "inv_id"}
	namesSignature = []string{"SignatureValue", "crc"}
)

// field returns the value of the first of names present in form, and an
// error if that field was sent more than once.
func field(op payments.Operation, form url.Values, names []string) (string, error) {
	for _, n := range names {
		if vs, ok := form[n]; ok {
			if len(vs) != 1 {
				return "", invalidf(op, "field %s sent %d times", n, len(vs))
			}
			return vs[0], nil
		}
	}
	return "", nil
}

// isShp reports whether name has the shp_ prefix in any case and more.
func isShp(name string) bool {
	return len(name) > 4 && name[0]|0x20 == 's' && name[1]|0x20 == 'h' && name[2]|0x20 == 'p' && name[3] == '_'
}

// checkSignature verifies SignatureValue = H(OutSum:InvId:password[:Shp_…
// sorted]) over the values as received, comparing the hex in constant time
// and either case. It allocates nothing for up to eight Shp_ parameters.
//
// Shp_ values in callbacks: Robokassa does not document whether a value
// containing '+' or '%' comes back decoded or encoded. The choice made:
// the signature is checked once, over each value as the form decoding
// (url.ParseQuery, http.Request.ParseForm) gives it, which is what
// Robokassa hashes if it signs what it received after one decoding, as
// robokassa/sdk-php's Shp test implies (it signs "Shp_order=abc+1" and
// sends "Shp_order=abc%2B1", tests/ExamplesTest.php); that value is what
// Notification.Shp holds. No second decoding or re-encoding is tried, and
// the pairs are sorted ordinally by name as received, prefix included.
// A link of this package signs each value as given and sends it
// form-encoded, so under that rule its echo is the same value.
func (p *Provider) checkSignature(op payments.Operation, form url.Values, password string) (outSum, invID string, err error) {
	if outSum, err = field(op, form, namesOutSum); err != nil {
		return "", "", err
	}
	if invID, err = field(op, form, namesInvID); err != nil {
		return "", "", err
	}
	sig, err := field(op, form, namesSignature)
	if err != nil {
		return "", "", err
	}
	switch {
	case outSum == "":
		return "", "", invalidf(op, "OutSum is missing")
	case invID == "":
		return "", "", invalidf(op, "InvId is missing")
	case sig == "":
		return "", "", newError(op, payments.ErrInvalidSignature, "", "SignatureValue is missing")
	case len(sig) != 2*p.cfg.Algorithm.Size():
		return "", "", newError(op, payments.ErrInvalidSignature, "", "SignatureValue is not a "+string(p.cfg.Algorithm)+" hex digest")
	}
	var pairArr [8]shpPair
	shp, repeated := formShp(pairArr[:0], form)
	if repeated != "" {
		return "", "", invalidf(op, "field %s sent %d times", repeated, len(form[repeated]))
	}
	if strings.IndexByte(outSum, ':') >= 0 || strings.IndexByte(invID, ':') >= 0 {
		return "", "", newError(op, payments.ErrInvalidSignature, "", "OutSum or InvId contains ':', which makes the signed base string ambiguous")
	}
	if name := checkFormShp(shp); name != "" {
		return "", "", newError(op, payments.ErrInvalidSignature, "", quote(name)+" has ':' or '=' in its name or value, which makes the signed base string ambiguous")
	}
	var buf [256]byte
	b := appendNotificationBase(buf[:0], outSum, invID, password, shp)
	ok, wellFormed := p.cfg.Algorithm.equalHex(sig, b)
	clear(b)
	if !wellFormed {
		return "", "", newError(op, payments.ErrInvalidSignature, "", "SignatureValue is not a "+string(p.cfg.Algorithm)+" hex digest")
	}
	if !ok {
		return "", "", newError(op, payments.ErrInvalidSignature, "", "SignatureValue does not match")
	}
	return outSum, invID, nil
}

// VerifyResultSignature checks a ResultURL notification's signature
// (Password #2, or TestPassword2 in test mode) without building a
// Notification. It returns an error wrapping payments.ErrInvalidSignature
// for a missing, malformed or wrong signature, and for a form whose signed
// base string would be ambiguous: a Shp_ name or value containing ':' or
// '=', or OutSum or InvId containing ':' (such a signature could have been
// made for other parameters). It returns payments.ErrInvalidRequest when
// OutSum or InvId is missing or a signed field is sent more than once.
func (p *Provider) VerifyResultSignature(form url.Values) error {
	_, _, err := p.checkSignature(payments.OpVerifyWebhook, form, p.password2())
	return err
}

func (p *Provider) password2() string {
	if p.cfg.TestMode {
		return p.cfg.TestPassword2.Reveal()
	}
	return p.cfg.Password2.Reveal()
}

func (p *Provider) password1() string {
	if p.cfg.TestMode {
		return p.cfg.TestPassword1.Reveal()
	}
	return p.cfg.Password1.Reveal()
}

// VerifyResultURL verifies a ResultURL notification, the server-to-server
// notice that a payment was made, signed with Password #2 (TestPassword2 in
// test mode), and returns it. Answer it with [ResultAck] once the order is
// recorded as paid. It refuses what [Provider.VerifyResultSignature]
// refuses, and an OutSum that is not a positive amount in the shop's
// currency. Only OutSum, InvId and Shp are signed: Fee, Email,
// PaymentMethod, IncCurrLabel, Culture, IsTest and the other Fields are
// as received, unverified.
func (p *Provider) VerifyResultURL(form url.Values) (*Notification, error) {
	return p.verified(payments.OpVerifyWebhook, form, p.password2())
}

// VerifySuccessURL verifies a SuccessURL redirect, signed with Password #1
// (TestPassword1 in test mode). It only says that the buyer came back: never
// mark an order paid from it (https://docs.robokassa.ru/notifications-and-redirects).
func (p *Provider) VerifySuccessURL(form url.Values) (*Notification, error) {
	return p.verified(OpVerifySuccess, form, p.password1())
}

// ParseFailURL reads a FailURL redirect: OutSum, InvId and Culture, with
// no signature to check (https://docs.robokassa.ru/notifications-and-redirects). Treat it as information only.
func (p *Provider) ParseFailURL(form url.Values) (*Notification, error) {
	const op = OpParseFail
	outSum, err := field(op, form, namesOutSum)
	if err != nil {
		return nil, err
	}
	invID, err := field(op, form, namesInvID)
	if err != nil {
		return nil, err
	}
	if outSum == "" || invID == "" {
		return nil, invalidf(op, "OutSum and InvId are required")
	}
	return p.notification(op, form, outSum, invID)
}

func (p *Provider) verified(op payments.Operation, form url.Values, password string) (*Notification, error) {
	outSum, invID, err := p.checkSignature(op, form, password)
	if err != nil {
		return nil, err
	}
	return p.notification(op, form, outSum, invID)
}

func (p *Provider) notification(op payments.Operation, form url.Values, outSum, invID string) (*Notification, error) {
	if _, err := parseInvID(op, invID); err != nil {
		return nil, err
	}
	amount, ok := parseAmount(outSum, p.cfg.Currency)
	if !ok {
		return nil, invalidf(op, "OutSum %q is not a positive amount in %s", outSum, p.cfg.Currency)
	}
	n := &Notification{
		OutSum: outSum, InvID: invID, Amount: amount,
		Fields: make(map[string]string, len(form)),
	}
	for k, vs := range form {
		if len(vs) == 0 {
			continue
		}
		n.Fields[k] = vs[0]
		if isShp(k) {
			if n.Shp == nil {
				n.Shp = make(map[string]string)
			}
			if _, dup := n.Shp[k[4:]]; dup {
				return nil, invalidf(op, "Shp parameter %s sent twice with different prefixes", k[4:])
			}
			n.Shp[k[4:]] = vs[0]
		}
	}
	n.Signature, _ = field(op, form, namesSignature)
	if fee, err := payments.ParseMoney(form.Get("Fee"), p.cfg.Currency); err == nil && !fee.Amount.IsNegative() {
		n.Fee = fee
	}
	n.Email = form.Get("EMail")
	if n.Email == "" {
		n.Email = form.Get("Email")
	}
	n.PaymentMethod = form.Get("PaymentMethod")
	n.IncCurrLabel = form.Get("IncCurrLabel")
	n.Culture = form.Get("Culture")
	n.IsTest = form.Get("IsTest") == "1"
	return n, nil
}

// ResultAck is the reply Robokassa expects to a handled ResultURL
// notification: 200 with the body "OK" followed by the InvId ("OK19").
// Anything else counts as a failed notification, which Robokassa retries.
func ResultAck(invID string) payments.Ack {
	return payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "OK" + invID}
}
