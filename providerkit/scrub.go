package providerkit

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces a scrubbed value in a wire log.
const Redacted = "[redacted]"

// SecretKey reports whether a form, query, JSON or XML key (or a header
// name) names a value that must never be logged: a password, secret,
// token, signature or key, or card data (number, CVC, expiry, holder,
// encrypted card data), or a mandate that lets its holder charge the card
// again (T-Bank's RebillId). Case, '_', '-' and '.' are ignored, so
// "SignatureValue", "signature_value" and "Signature-Value" are one key.
//
// The names cover Robokassa (SignatureValue, Password*, the refund and
// invoice JWTs; https://docs.robokassa.ru/pay-interface/), the
// client-payment-sdk provider (signature, pan, cvc, expire_month,
// expire_year; https://github.com/Space-Around/client-payment-sdk-python)
// and T-Bank (Token, Password, CardData, Pan, CVV, ExpDate, RebillId;
// https://developer.tbank.ru/eacq/api/).
func SecretKey(key string) bool {
	k := normKey(key)
	if k == "" {
		return false
	}
	if secretKeys[k] {
		return true
	}
	for _, part := range secretParts {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

// secretKeys are normalised keys (see normKey) that are secret as a whole.
//
// Robokassa's OpKey is one: it is the Token of a later card-on-file
// payment (https://docs.robokassa.ru/pay-interface/, «Оплата по
// сохраненной карте»), a mandate as RebillId is.
var secretKeys = map[string]bool{
	"pan": true, "cardpan": true, "pin": true, "pwd": true, "otp": true,
	"sign": true, "sig": true, "hmac": true, "mac": true, "crc": true,
	"jws": true, "jwt": true, "authorization": true, "cookie": true,
	"expiry": true, "expiration": true, "cardexpiry": true,
	"cardholder": true, "cardholdername": true, "holdername": true,
	"securitycode": true, "cryptogram": true, "rebillid": true, "opkey": true,
	"track1": true, "track2": true, "trackdata": true, "cvn": true,
}

// secretParts are substrings that make a normalised key secret wherever
// they occur (Password3, test_password1, X-Signature, TokenExpDate,
// card[exp_month], expiry_year). T-Bank's FinishAuthorize takes a wallet's
// card token as EncryptedPaymentData (https://developer.tbank.ru/eacq/api/).
var secretParts = []string{
	"password", "passwd", "secret", "token", "signature", "apikey",
	"privatekey", "accesskey", "sessionid", "cvv", "cvc", "carddata",
	"cardnumber", "setcookie", "encrypted", "paymentdata",
	"expdate", "expmonth", "expyear", "expirydate", "expirymonth", "expiryyear",
	"expirationdate", "expirationmonth", "expirationyear",
	"expiremonth", "expireyear", "expiredate",
}

// normKey lower-cases key and drops '_', '-', '.', spaces and a trailing
// "[]" so that spellings of one name compare equal.
func normKey(key string) string {
	key = strings.TrimSuffix(strings.TrimSpace(key), "[]")
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == '_' || c == '-' || c == '.' || c == ' ':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// secretHeader reports whether a header's value must not be logged:
// SecretKey names, and anything about authentication, cookies, signing,
// sessions or API keys.
func secretHeader(name string) bool {
	k := normKey(name)
	if SecretKey(name) || strings.HasSuffix(k, "key") {
		return true
	}
	for _, part := range []string{"auth", "cookie", "sign", "session"} {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

// ScrubBody returns body as text fit for a log, whatever it holds: a JSON
// document has every value under a [SecretKey] replaced by [Redacted], at
// any depth and inside string values that are themselves JSON; a form
// likewise (values are shown decoded); anything else, and a JSON or form
// body that does not parse, goes through [ScrubText]. The result never
// holds a Luhn-valid run of 12 to 19 digits or a compact JWS. contentType
// is the body's Content-Type header, possibly empty. A JSON document is
// written back compact, with the keys of each object sorted.
func ScrubBody(contentType string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(body)
	isJSON := mt == "application/json" || strings.HasSuffix(mt, "+json")
	looksJSON := len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
	switch {
	case isJSON || (looksJSON && mt != "application/x-www-form-urlencoded"):
		if s, ok := scrubJSON(trimmed); ok {
			return s
		}
	case mt == "application/x-www-form-urlencoded":
		return ScrubForm(string(body))
	}
	return ScrubText(string(body))
}

// ScrubForm returns a form or query string fit for a log: the values of
// [SecretKey] fields are [Redacted], and the others (shown decoded) go
// through the same rules as JSON string values. A part that does not
// decode goes through [ScrubText].
func ScrubForm(form string) string {
	if form == "" {
		return ""
	}
	parts := strings.Split(form, "&")
	for i, part := range parts {
		rawKey, rawVal, hasVal := strings.Cut(part, "=")
		key, kerr := url.QueryUnescape(rawKey)
		val, verr := url.QueryUnescape(rawVal)
		switch {
		case kerr != nil || verr != nil:
			parts[i] = ScrubText(part)
		case SecretKey(key) && val != "":
			parts[i] = ScrubText(key) + "=" + Redacted
		case !hasVal:
			parts[i] = ScrubText(key)
		default:
			parts[i] = ScrubText(key) + "=" + scrubValue(val, 0)
		}
	}
	return ScrubText(strings.Join(parts, "&"))
}

// maxDepth bounds the nesting of JSON in strings that scrubValue follows.
const maxDepth = 4

// scrubValue scrubs a string value: JSON inside it (also when
// URL-encoded, as Robokassa's Receipt is) by scrubJSON, the rest by
// ScrubText.
func scrubValue(v string, depth int) string {
	t := strings.TrimSpace(v)
	if depth < maxDepth && len(t) >= 3 && (strings.EqualFold(t[:3], "%7B") || strings.EqualFold(t[:3], "%5B")) {
		if dec, err := url.QueryUnescape(t); err == nil {
			t = dec
		}
	}
	if depth < maxDepth && len(t) > 1 && (t[0] == '{' || t[0] == '[') {
		if s, ok := scrubJSONDepth([]byte(t), depth+1); ok {
			return s
		}
	}
	return ScrubText(v)
}

// scrubJSON scrubs a whole JSON document; ok is false if it is not one.
func scrubJSON(b []byte) (string, bool) { return scrubJSONDepth(b, 0) }

func scrubJSONDepth(b []byte, depth int) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", false
	}
	if _, err := dec.Token(); err == nil {
		return "", false // more than one value
	}
	v = scrubJSONValue(v, depth)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return ScrubText(strings.TrimSuffix(out.String(), "\n")), true
}

func scrubJSONValue(v any, depth int) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if SecretKey(k) && e != nil && e != "" {
				x[k] = Redacted
				continue
			}
			x[k] = scrubJSONValue(e, depth)
		}
	case []any:
		for i, e := range x {
			x[i] = scrubJSONValue(e, depth)
		}
	case string:
		return scrubValue(x, depth)
	case json.Number:
		if s := scrubDigits(string(x)); s != string(x) {
			return s
		}
	}
	return v
}

var (
	// jwsRE matches a compact JWS or JWT (and the first parts of a JWE):
	// a base64url JSON header ("eyJ" is `{"`; "eyA", "ewo", "ew0" and
	// "ewk" are '{' and a space, newline, carriage return or tab) and at
	// least one more part, the payload possibly empty (detached).
	jwsRE = regexp.MustCompile(`e(?:yJ|yA|wo|w0|wk)[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){1,4}`)
	// quotedRE matches "key": value in JSON-like text, the value quoted
	// or bare.
	quotedRE = regexp.MustCompile(`"((?:[^"\\]|\\.){1,64})"\s*:\s*("(?:[^"\\]|\\.)*"?|[^\s,}\]"]+)`)
	// xmlRE matches <Key attrs>value</Key> (the names are compared in the
	// replacement, as RE2 has no back-references), the value text or CDATA
	// sections; or the same cut short by the end of the text (a body cut
	// for the log), with no closing tag.
	xmlRE = regexp.MustCompile(`<([A-Za-z_][\w.:-]{0,63})(\s[^<>]*)?>((?:<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|[^<])*)(?:</([A-Za-z_][\w.:-]{0,63})>|$)`)
	// userinfoRE matches the password of a URL's user information
	// (https://user:password@host), as a notification URL may hold.
	userinfoRE = regexp.MustCompile(`(\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s:@"'<>]*):([^/?#\s@"'<>]+)@`)
	// inputRE, inputNameRE and inputValueRE find the value of an HTML
	// form field (a payment form's hidden SignatureValue).
	inputRE      = regexp.MustCompile(`(?i)<input\b[^<>]*(?:>|$)`)
	inputNameRE  = regexp.MustCompile(`(?i)\bname\s*=\s*["']?([^"'\s>]+)`)
	inputValueRE = regexp.MustCompile(`(?i)(\bvalue\s*=\s*)("[^"]*(?:"|$)|'[^']*(?:'|$)|[^\s>"']+)`)
)

// ScrubText scrubs free text: a compact JWS or JWT becomes [Redacted];
// "key": value (JSON-like, also escaped in a string), <key>value</key>
// (XML, also CDATA), <input name="key" value="..."> (HTML), the parts of a
// multipart form, and key=value, key="value" and key: value pairs whose
// key is a [SecretKey] get [Redacted] values, as does the password in a
// URL (https://user:password@host); and every run of 12 to 19 digits
// with a valid Luhn check digit is masked as [MaskPAN] masks it, whether
// written in one piece or in groups separated by single spaces (also
// no-break spaces) or dashes, and also when written with URL or JSON
// escapes. Invalid UTF-8 and characters that are not printable (but
// tab, newline and carriage return) become U+FFFD: a log handler would
// escape them ("\u0010", "\u2028"), and the digits of an escape next to
// other digits would read as a longer number.
func ScrubText(s string) string {
	s = printable(s)
	s = jwsRE.ReplaceAllString(s, Redacted)
	s = userinfoRE.ReplaceAllString(s, "${1}:"+Redacted+"@")
	s = scrubParts(s)
	s = quotedRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := quotedRE.FindStringSubmatch(m)
		key, _ := jsonUnquote(sub[1])
		if !SecretKey(key) || sub[2] == `""` || sub[2] == "null" {
			return m
		}
		return m[:len(m)-len(sub[2])] + `"` + Redacted + `"`
	})
	s = xmlRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := xmlRE.FindStringSubmatch(m)
		cut := sub[4] == "" // no closing tag: the text ends in the value
		if !cut && sub[1] != sub[4] || !SecretKey(localName(sub[1])) || sub[3] == "" {
			return m
		}
		if cut {
			return "<" + sub[1] + sub[2] + ">" + Redacted
		}
		return "<" + sub[1] + sub[2] + ">" + Redacted + "</" + sub[4] + ">"
	})
	s = inputRE.ReplaceAllStringFunc(s, func(m string) string {
		name := inputNameRE.FindStringSubmatch(m)
		if name == nil || !SecretKey(name[1]) {
			return m
		}
		return inputValueRE.ReplaceAllString(m, `${1}"`+Redacted+`"`)
	})
	return scrubDigits(scrubPairs(s))
}

// printable returns s with invalid UTF-8 and runes that are not printable,
// other than '\t', '\n' and '\r', replaced by U+FFFD.
func printable(s string) string {
	ok := utf8.ValidString(s) && !strings.ContainsFunc(s, unprintable)
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unprintable(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func unprintable(r rune) bool {
	return r != '\t' && r != '\n' && r != '\r' && !unicode.IsPrint(r)
}

// jsonUnquote undoes the JSON escapes of a key well enough to compare it:
// a key that does not decode is compared as written.
func jsonUnquote(s string) (string, bool) {
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil {
		return s, false
	}
	return out, true
}

// localName drops an XML namespace prefix ("ns:Password" -> "Password").
func localName(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}
