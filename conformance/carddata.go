package conformance

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

// A fixture of a request that carries card data keeps nothing derived from
// it (issue 8 item 12): a request signature (an HMAC or JWS over the
// fields) lets anyone with the merchant's secret recover a scrubbed CVC or
// the masked digits of a card number by trying every candidate. These
// helpers tell card data and signature-like values apart; the recorder
// scrubs the latter from requests that carry the former, and Run's fixture
// check refuses fixtures that keep both. Request headers (Authorization,
// HMAC or digest headers) are never recorded.

// isCardName reports whether a field name holds card data: a card number
// (pan, card, to_card, card_number, cardnumber, *_pan, card_*), or a
// security code (cvc, cvv, cvc2, cvv2, csc).
func isCardName(name string) bool {
	switch n := strings.ToLower(name); n {
	case "pan", "card", "to_card", "card_number", "cardnumber", "cvc", "cvv", "cvc2", "cvv2", "csc":
		return true
	default:
		return strings.HasSuffix(n, "_pan") || strings.HasPrefix(n, "card_")
	}
}

// isSignatureName reports whether a field name holds a value derived from
// the others: a signature, MAC, hash, digest, checksum or JWS/JWT.
func isSignatureName(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"sign", "hmac", "hash", "digest", "checksum", "jws", "jwt"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return n == "mac" || n == "crc" || strings.HasSuffix(n, "_mac")
}

// maskedPAN finds card numbers masked the way providerkit.MaskPAN masks them.
var maskedPAN = regexp.MustCompile(`[0-9]{6}\*{3,9}[0-9]{4}`)

// hasCardText reports whether text holds a card number, in clear or masked.
func hasCardText(s string) bool {
	if maskedPAN.MatchString(s) {
		return true
	}
	for _, run := range digitRun.FindAllString(s, -1) {
		if looksLikePAN(run) {
			return true
		}
	}
	return false
}

// jwsPayload returns the decoded payload of a compact JWS or JWT
// ("header.payload.signature" whose header is a JSON object with "alg"),
// and whether s is one.
func jwsPayload(s string) ([]byte, bool) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) != 3 {
		return nil, false
	}
	hdr, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	if err != nil {
		return nil, false
	}
	var h map[string]any
	if json.Unmarshal(hdr, &h) != nil || h["alg"] == nil {
		return nil, false
	}
	payload, _ := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	return payload, true
}

// field is one named value of a request; path holds the names of the JSON
// objects around it.
type field struct {
	path  []string
	name  string
	value string
	body  bool // the whole body, neither a form nor JSON
}

// fields returns every field of req: query and form parameters, JSON
// members at any depth (arrays keep their parent's name), and the body
// as one field without a name.
func (req Request) fields() []field {
	var out []field
	for _, vals := range []map[string][]string{req.Query, req.Form} {
		for k, vs := range vals {
			for _, v := range vs {
				out = append(out, field{name: k, value: v})
			}
		}
	}
	if len(req.JSON) > 0 {
		var v any
		dec := json.NewDecoder(bytes.NewReader(req.JSON))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			out = appendJSONFields(out, nil, "", v)
		}
	}
	if req.Body != "" {
		out = append(out, field{value: req.Body, body: true})
	}
	return out
}

func appendJSONFields(out []field, path []string, name string, v any) []field {
	switch x := v.(type) {
	case map[string]any:
		inner := path
		if name != "" {
			inner = append(append([]string(nil), path...), name)
		}
		for k, val := range x {
			out = appendJSONFields(out, inner, k, val)
		}
	case []any:
		for _, val := range x {
			out = appendJSONFields(out, path, name, val)
		}
	case json.Number:
		out = append(out, field{path: path, name: name, value: x.String()})
	case string:
		out = append(out, field{path: path, name: name, value: x})
	}
	return out
}

// isCard reports whether f is card data: a card field (or a field of a
// card object), a card number in its text, or a JWS whose payload carries
// card data.
func (f field) isCard() bool {
	if isCardName(f.name) || hasCardText(f.value) {
		return true
	}
	for _, p := range f.path {
		if isCardName(p) {
			return true
		}
	}
	if payload, ok := jwsPayload(f.value); ok {
		return textHasCardData(payload)
	}
	return false
}

// isSignature reports whether f is derived from other fields: a field
// named like a signature, or a JWS.
func (f field) isSignature() bool {
	if isSignatureName(f.name) {
		return true
	}
	_, ok := jwsPayload(f.value)
	return ok
}

// textHasCardData reports whether a decoded payload (JSON, a form or
// text) carries card data.
func textHasCardData(payload []byte) bool {
	var v any
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		for _, f := range appendJSONFields(nil, nil, "", v) {
			if f.isCard() {
				return true
			}
		}
		return false
	}
	return hasCardText(string(payload))
}

// carriesCardData reports whether req carries card data anywhere.
func (req Request) carriesCardData() bool {
	for _, f := range req.fields() {
		if f.isCard() {
			return true
		}
	}
	return false
}

// cardDerived lists, for a request that carries card data, the fields
// that may hold a value derived from it and are not Scrubbed: fields named
// like a signature, JWS values, and a body that is neither a form nor JSON
// ("body"), whose parts cannot be told apart. It returns nil for a request
// without card data. Fixtures must have none (issue 8 item 12).
func (req Request) cardDerived() []string {
	if !req.carriesCardData() {
		return nil
	}
	var out []string
	for _, f := range req.fields() {
		switch {
		case f.value == Scrubbed:
		case f.body:
			out = append(out, "body")
		case f.isSignature():
			out = append(out, strings.Join(append(append([]string(nil), f.path...), f.name), "."))
		}
	}
	return out
}

// checkCardDerived fails t if the fixture file at path (data) is a fixture
// with a request that carries card data and keeps a value derived from it.
// Files that are not fixtures are left to the other checks.
func checkCardDerived(t interface{ Errorf(string, ...any) }, path string, data []byte) {
	fx, err := decodeFixture(data)
	if err != nil {
		return
	}
	for i, ex := range fx.Exchanges {
		if d := ex.Request.cardDerived(); len(d) > 0 {
			t.Errorf("%s: exchange %d (%s %s) carries card data and keeps %s, from which the card data can be recovered with the secret: scrub it",
				path, i+1, ex.Request.Method, ex.Request.Path, strings.Join(d, ", "))
		}
	}
}
