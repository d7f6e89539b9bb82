package robokassa

import (
	"net/url"
	"strings"

	"github.com/paykit/payments"
)

// Robokassa's side of the signatures, for code that plays Robokassa's part
// against a shop, such as a sandbox or a test: it checks the payment links
// a Provider builds and signs the callbacks a Provider verifies, over the
// same base strings.

// VerifyPaymentLink checks the SignatureValue of a payment link or form as
// Robokassa receives it: form holds the values after one level of query or
// form decoding, and password is the shop's Password #1 (TestPassword1 for
// IsTest=1). The base string is that of
// https://docs.robokassa.ru/script-parameters/, over the values
// as received: MerchantLogin (or the legacy MrchLogin):OutSum:InvId
// [:OutSumCurrency][:UserIp][:Receipt][:StepByStep][:ResultUrl2]
// [:SuccessUrl2][:SuccessUrl2Method][:FailUrl2][:FailUrl2Method][:Token]
// :password[:Shp_name=value sorted by name]. The hex is compared in
// constant time, in either case.
//
// It returns an error wrapping payments.ErrInvalidSignature for a missing,
// malformed or wrong signature and for a Shp_ parameter whose name or
// value contains ':' or '=' (the base string would be ambiguous: the
// signature of "Shp_note=hi:Shp_plan=premium" is also that of
// Shp_note=hi and Shp_plan=premium), and payments.ErrInvalidRequest when
// MerchantLogin or OutSum is missing or a signed field is sent more than
// once. It checks nothing but the signature.
func (a Algorithm) VerifyPaymentLink(form url.Values, password string) error {
	const op = OpPaymentLink
	if !a.Valid() {
		return invalidf(op, "unknown hash algorithm %q", string(a))
	}
	login, err := field(op, form, []string{"MerchantLogin", "MrchLogin"})
	if err != nil {
		return err
	}
	outSum, err := field(op, form, []string{"OutSum"})
	if err != nil {
		return err
	}
	invID, err := field(op, form, []string{"InvId"})
	if err != nil {
		return err
	}
	sig, err := field(op, form, []string{"SignatureValue"})
	if err != nil {
		return err
	}
	var parts linkParts
	for i, name := range linkSignedNames {
		if parts[i], err = field(op, form, []string{name}); err != nil {
			return err
		}
	}
	switch {
	case login == "":
		return invalidf(op, "MerchantLogin is missing")
	case outSum == "":
		return invalidf(op, "OutSum is missing")
	case sig == "":
		return newError(op, payments.ErrInvalidSignature, "", "SignatureValue is missing")
	}
	var pairArr [8]shpPair
	shp, repeated := formShp(pairArr[:0], form)
	if repeated != "" {
		return invalidf(op, "field %s sent %d times", repeated, len(form[repeated]))
	}
	if name := checkFormShp(shp); name != "" {
		return newError(op, payments.ErrInvalidSignature, "", quote(name)+" has ':' or '=' in its name or value, which makes the signed base string ambiguous")
	}
	var buf [320]byte
	b := appendLinkBase(buf[:0], login, outSum, invID, &parts, password)
	b = appendShp(b, "", shp)
	ok, wellFormed := a.equalHex(sig, b)
	clear(b) // the base string holds the password
	if !wellFormed {
		return newError(op, payments.ErrInvalidSignature, "", "SignatureValue is not a "+string(a)+" hex digest")
	}
	if !ok {
		return newError(op, payments.ErrInvalidSignature, "", "SignatureValue does not match")
	}
	return nil
}

// SignNotification returns the SignatureValue of a ResultURL or SuccessURL
// callback whose fields are form, in upper-case hex: the digest of
// OutSum:InvId:password[:Shp_name=value…] over the first value of OutSum,
// InvId and every Shp_ parameter (any-case prefix) as they will be sent,
// the Shp_ parameters sorted by name (https://docs.robokassa.ru/notifications-and-redirects). password is
// Password #2 (TestPassword2 for a test payment) for ResultURL, which
// [Provider.VerifyResultURL] checks, and Password #1 (TestPassword1) for
// SuccessURL, which [Provider.VerifySuccessURL] checks. Other fields of
// form are not signed. An unknown algorithm gives "", and so does a form
// whose base string would be ambiguous (a Shp_ name or value containing
// ':' or '=', or OutSum or InvId containing ':'), which the Provider
// refuses to verify.
func (a Algorithm) SignNotification(form url.Values, password string) string {
	first := func(name string) string {
		if vs := form[name]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	var pairArr [8]shpPair
	shp, _ := formShp(pairArr[:0], form)
	outSum, invID := first("OutSum"), first("InvId")
	if checkFormShp(shp) != "" || strings.IndexByte(outSum, ':') >= 0 || strings.IndexByte(invID, ':') >= 0 {
		return ""
	}
	var buf [256]byte
	b := appendNotificationBase(buf[:0], outSum, invID, password, shp)
	var sig [2 * maxDigest]byte
	out := string(a.appendHex(sig[:0], b, true))
	clear(b)
	return out
}
