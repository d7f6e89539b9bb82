package robokassa

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/paykit/payments"
)

// linkOut receives a link's parameters in order: escaped into a query
// string (a GET link) or as form fields. One type for both keeps the two
// outputs identical and lets a link be written straight into its result.
// The query bytes travel as a parameter and result rather than in the
// struct, so that the caller's buffer can stay on the stack.
type linkOut struct {
	form    bool
	started bool             // a parameter was written
	fields  []payments.Field // the form, when form
}

func (o *linkOut) name(b []byte, name string, shp bool) []byte {
	if o.started {
		b = append(b, '&')
	} else {
		b = append(b, '?')
	}
	o.started = true
	if shp {
		b = append(b, "Shp_"...)
	}
	return append(append(b, name...), '=')
}

// add writes one parameter.
func (o *linkOut) add(b []byte, name, val string) []byte {
	if o.form {
		o.fields = append(o.fields, payments.Field{Name: name, Value: val})
		return b
	}
	return appendEscaped(o.name(b, name, false), val)
}

// opt writes a parameter that is sent only when set.
func (o *linkOut) opt(b []byte, name, val string) []byte {
	if val == "" {
		return b
	}
	return o.add(b, name, val)
}

// addBytes writes one parameter whose value is in a scratch buffer.
func (o *linkOut) addBytes(b []byte, name string, val []byte) []byte {
	if o.form {
		o.fields = append(o.fields, payments.Field{Name: name, Value: string(val)})
		return b
	}
	return appendEscaped(o.name(b, name, false), val)
}

// addShp writes one Shp_ parameter.
func (o *linkOut) addShp(b []byte, name, val string) []byte {
	if o.form {
		o.fields = append(o.fields, payments.Field{Name: "Shp_" + name, Value: val})
		return b
	}
	return appendEscaped(o.name(b, name, true), val)
}

// build validates l, signs it and writes its parameters to o in order,
// SignatureValue last. It allocates nothing but the receipt's JSON and what
// o needs.
func (p *Provider) build(l *Link, o *linkOut, u []byte) ([]byte, error) {
	const op = OpPaymentLink
	if err := p.checkLink(l); err != nil {
		return nil, err
	}
	var outSumBuf [32]byte
	outSum, ok := appendOutSum(outSumBuf[:0], l.Amount.Amount)
	if !ok {
		return nil, invalidf(op, "amount %s must be positive with at most two decimals", l.Amount.Amount.String())
	}
	var receipt string
	if l.Receipt != nil {
		js, err := l.Receipt.JSON()
		if err != nil {
			return nil, err
		}
		if !l.Receipt.Total().Equal(l.Amount.Amount) {
			return nil, invalidf(op, "receipt items add up to %s, the amount is %s", l.Receipt.Total().String(), string(outSum))
		}
		receipt = js
		if p.cfg.ReceiptEncoding == ReceiptURLEncoded {
			receipt = url.QueryEscape(js)
		}
	}
	var invID []byte
	if l.InvID > 0 {
		var invIDBuf [20]byte
		invID = strconv.AppendInt(invIDBuf[:0], l.InvID, 10)
	}
	var currency string
	if l.Amount.Currency != p.cfg.Currency {
		currency = string(l.Amount.Currency)
	}
	password := p.cfg.Password1
	if l.IsTest {
		password = p.cfg.TestPassword1
	}

	// The Shp_ pairs, sorted ordinally by name (insertion sort: there are
	// few).
	var shpBuf [8]shpPair
	shp := shpBuf[:0]
	for k, v := range l.Shp {
		if err := checkShp(k, v); err != nil {
			return nil, err
		}
		shp = insertShp(shp, shpPair{k, v})
	}
	for i := range shp {
		for _, other := range shp[i+1:] {
			if strings.EqualFold(shp[i].name, other.name) {
				return nil, invalidf(op, "Shp names %q and %q differ only in case", shp[i].name, other.name)
			}
		}
	}

	// Base string (https://docs.robokassa.ru/script-parameters/): MerchantLogin:OutSum:InvId
	// [:OutSumCurrency][:UserIp][:Receipt][:StepByStep][:ResultUrl2]
	// [:SuccessUrl2][:SuccessUrl2Method][:FailUrl2][:FailUrl2Method]
	// [:Token]:Password1[:Shp_name=value sorted by name].
	parts := linkParts{currency, l.UserIP, receipt, boolText(l.StepByStep), l.ResultURL2,
		l.SuccessURL2, l.SuccessURL2Method, l.FailURL2, l.FailURL2Method, l.Token}
	var baseBuf [320]byte
	b := appendLinkBase(baseBuf[:0], p.cfg.MerchantLogin, outSum, invID, &parts, password.Reveal())
	b = appendShp(b, "Shp_", shp)
	var sigBuf [2 * maxDigest]byte
	sig := p.cfg.Algorithm.appendHex(sigBuf[:0], b, true)
	clear(b) // the base string holds the password

	u = o.add(u, "MerchantLogin", p.cfg.MerchantLogin)
	u = o.addBytes(u, "OutSum", outSum)
	if invID != nil {
		u = o.addBytes(u, "InvId", invID)
	}
	u = o.opt(u, "Description", l.Description)
	u = o.opt(u, "IncCurrLabel", l.IncCurrLabel)
	u = o.opt(u, "Culture", l.Culture)
	u = o.opt(u, "Encoding", l.Encoding)
	u = o.opt(u, "Email", l.Email)
	if !l.ExpirationDate.IsZero() {
		var dateBuf [40]byte
		u = o.addBytes(u, "ExpirationDate", l.ExpirationDate.AppendFormat(dateBuf[:0], expirationLayout))
	}
	u = o.opt(u, "OutSumCurrency", currency)
	u = o.opt(u, "UserIp", l.UserIP)
	u = o.opt(u, "Receipt", receipt)
	if l.IsTest {
		u = o.add(u, "IsTest", "1")
	}
	u = o.opt(u, "StepByStep", boolText(l.StepByStep))
	u = o.opt(u, "ResultUrl2", l.ResultURL2)
	u = o.opt(u, "SuccessUrl2", l.SuccessURL2)
	u = o.opt(u, "SuccessUrl2Method", l.SuccessURL2Method)
	u = o.opt(u, "FailUrl2", l.FailURL2)
	u = o.opt(u, "FailUrl2Method", l.FailURL2Method)
	u = o.opt(u, "Token", l.Token)
	u = o.opt(u, "Recurring", boolText(l.Recurring))
	for _, kv := range shp {
		u = o.addShp(u, kv.name, kv.value)
	}
	u = o.addBytes(u, "SignatureValue", sig)
	return u, nil
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// PaymentURL returns the signed GET link to the payment page, such as
// https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=...&SignatureValue=...
// (https://docs.robokassa.ru/script-parameters/). It allocates only the returned string (and a receipt's
// JSON, when there is one).
func (p *Provider) PaymentURL(l *Link) (string, error) {
	var buf [512]byte
	var o linkOut
	u, err := p.build(l, &o, append(buf[:0], p.pageURL(l)...))
	if err != nil {
		return "", err
	}
	return string(u), nil
}

// PaymentForm returns the signed payment as a form to POST to the payment
// page, with its fields in order (https://docs.robokassa.ru/script-parameters/). Render it as an
// auto-submitting HTML form; the browser's form encoding is the one level
// of encoding Robokassa undoes before checking the signature.
func (p *Provider) PaymentForm(l *Link) (payments.NextStep, error) {
	o := linkOut{form: true, fields: make([]payments.Field, 0, 16)}
	if _, err := p.build(l, &o, nil); err != nil {
		return payments.NextStep{}, err
	}
	return payments.NextStep{Kind: payments.NextPostForm, URL: p.pageURL(l), Fields: o.fields}, nil
}

// pageURL is the page a link goes to: Index.aspx, or DirectPayment.
func (p *Provider) pageURL(l *Link) string {
	if l != nil && l.DirectPayment {
		return p.cfg.AuthURL + pathDirect
	}
	return p.paymentURL
}
