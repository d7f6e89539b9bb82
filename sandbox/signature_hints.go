package sandbox

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/paykit/payments/clientsdk"
)

// Signature hints: when a signature does not match, the sandbox (and only
// the sandbox: the real services say no more than "wrong signature") tells
// the developer which secret and which base string it expected, with every
// secret shown by its name, never its value, and card data hidden, so that
// they can fix their signing.

// rkSigHint is the part of Robokassa's error page that explains a payment
// link's signature.
type rkSigHint struct {
	Algorithm string // the shop's hash algorithm, such as "SHA256"
	Password  string // the name of the password, such as "Password #1"
	Template  string // the base string with names: MerchantLogin:OutSum:InvId:<Password #1>
	Base      string // the base string with the values received
}

// rkLinkSignedNames are the optional signed parameters of a payment link
// in the order of its base string, each there only when not empty
// (https://docs.robokassa.ru/script-parameters/,
// https://docs.robokassa.ru/pay-interface), as the robokassa package signs
// them.
var rkLinkSignedNames = []string{"OutSumCurrency", "UserIp", "Receipt", "StepByStep", "ResultUrl2",
	"SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Token"}

// rkSignatureHint describes the base string of the payment link form:
// MerchantLogin:OutSum:InvId, each non-empty optional part, the password
// (by name), then Shp_name=value sorted by name.
func (rk *robokassaSide) rkSignatureHint(form url.Values, test bool) *rkSigHint {
	password := "Password #1"
	if test {
		password = "test Password #1"
	}
	first := func(names ...string) string {
		for _, n := range names {
			if vs := form[n]; len(vs) > 0 {
				return vs[0]
			}
		}
		return ""
	}
	names := []string{"MerchantLogin", "OutSum", "InvId"}
	values := []string{first("MerchantLogin", "MrchLogin"), first("OutSum"), first("InvId")}
	for _, n := range rkLinkSignedNames {
		if v := first(n); v != "" {
			names, values = append(names, n), append(values, hintValue(n, v))
		}
	}
	names, values = append(names, "<"+password+">"), append(values, "<"+password+">")
	var shp []string
	for k := range form {
		if len(k) > 4 && strings.EqualFold(k[:4], "shp_") {
			shp = append(shp, k)
		}
	}
	slices.Sort(shp)
	for _, k := range shp {
		names, values = append(names, k+"=<"+k+">"), append(values, k+"="+hintValue(k, form[k][0]))
	}
	return &rkSigHint{
		Algorithm: strings.ToUpper(string(rk.shop.Algorithm)), Password: password,
		Template: strings.Join(names, ":"), Base: strings.Join(values, ":"),
	}
}

// tbTokenHint explains a T-Bank Token (section «Токен» of
// https://www.tbank.ru/kassa/dev/payments/index.html): the root scalars and Password sorted by key, their values
// concatenated, SHA-256 in lower-case hex. The Password is shown by its
// name and card data and tokens hidden.
func tbTokenHint(scalars map[string]string) string {
	keys := make([]string, 0, len(scalars)+1)
	for k := range scalars {
		if k != "Password" && k != "Token" {
			keys = append(keys, k)
		}
	}
	keys = append(keys, "Password")
	sort.Strings(keys)
	var base strings.Builder
	for _, k := range keys {
		if k == "Password" {
			base.WriteString("<Password>")
			continue
		}
		base.WriteString(hintValue(k, scalars[k]))
	}
	return "sandbox: Token = SHA-256, lower-case hex, of the values of the root fields and Password sorted by key (" +
		strings.Join(keys, ", ") + ") concatenated: " + base.String() + " (Password is the terminal's password, shown by name)"
}

// hintHidden are parts of the names of fields whose values a signature
// hint never shows (case-insensitive): card data, tokens, secrets.
var hintHidden = []string{"cvc", "cvv", "card", "expire", "token", "rebill", "password", "secret"}

// hintValue returns value, or "<name>" when the field's name says it holds
// card data (pan, or a name with one of hintHidden), a token or a secret.
func hintValue(name, value string) string {
	lower := strings.ToLower(name)
	if lower == "pan" {
		return "<" + name + ">"
	}
	for _, h := range hintHidden {
		if strings.Contains(lower, h) {
			return "<" + name + ">"
		}
	}
	return value
}

// csSignatureHint explains an sbank/PayHub signature: the canonical
// payload clientsdk.Sign computes, with card data hidden and the secret by
// name.
func csSignatureHint(path, method string, params []clientsdk.Param) string {
	shown := make([]clientsdk.Param, len(params))
	for i, p := range params {
		shown[i] = clientsdk.Param{Key: p.Key, Value: hintValue(p.Key, p.Value)}
	}
	slices.SortFunc(shown, func(a, b clientsdk.Param) int { return strings.Compare(a.Key, b.Key) })
	var b strings.Builder
	b.WriteString(`{"PATH":"` + path + `","` + strings.ToUpper(method) + `":{`)
	for i, p := range shown {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + p.Key + `":"` + p.Value + `"`)
	}
	b.WriteString("}}")
	return "sandbox: expected signature = the third segment of an HS256 JWS (header {\"alg\":\"HS256\"}) " +
		"keyed with the merchant's <secret> over " + b.String()
}
