package robokassa

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
)

// ResultUrl2 is Robokassa's additional payment notification: a compact JWS
// (RFC 7515) signed RS256 by Robokassa, POSTed to the ResultUrl2 of the
// payment link ("Дополнительное оповещение об оплате на ResultUrl2",
// https://docs.robokassa.ru/pay-interface). Holds (StepByStep) are
// reported only there.
//
// Body encoding (open question: raw or base64, and which Content-Type?).
// The documentation says the JWS is "encoded in base64" while Robokassa's
// official WordPress module (github.com/robokassa/cms-wordpress,
// classes/Robokassa/Payment/ResultUrl2Notification.php) reads the trimmed
// raw body as the compact token and accepts application/json and
// application/jose. Choice made: accept every form seen, ignore
// Content-Type. [ResultURL2Token] takes the raw compact token, base64 of it
// (standard or URL alphabet, padded or not, line breaks allowed), and a
// JSON-quoted string of either.

// ResultURL2Token returns the compact JWS carried by a ResultUrl2 body, and
// whether there was one: the trimmed body itself when it has the form
// header.payload.signature (three non-empty base64url parts), else the
// body's base64 decoding (standard or URL alphabet, with or without
// padding and line breaks) when that has the form; a JSON string ("ey…")
// is unquoted first, at either level. It checks the form only, not the
// signature; anything else (a ResultURL form, say) is ("", false).
func ResultURL2Token(body []byte) (string, bool) {
	s := unquoteJSON(bytes.TrimSpace(body))
	if compactJWS(s) {
		return string(s), true
	}
	dec, ok := decodeBase64Loose(s)
	if !ok {
		return "", false
	}
	dec = unquoteJSON(bytes.TrimSpace(dec))
	if compactJWS(dec) {
		return string(dec), true
	}
	return "", false
}

// unquoteJSON returns the string of a JSON string literal, or s.
func unquoteJSON(s []byte) []byte {
	if len(s) < 2 || s[0] != '"' {
		return s
	}
	var out string
	if err := json.Unmarshal(s, &out); err != nil {
		return s
	}
	return bytes.TrimSpace([]byte(out))
}

// compactJWS reports whether s is three non-empty runs of base64url
// characters joined by two dots.
func compactJWS(s []byte) bool {
	dots, run := 0, 0
	for _, c := range s {
		switch {
		case c == '.':
			if run == 0 {
				return false
			}
			dots, run = dots+1, 0
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			run++
		default:
			return false
		}
	}
	return dots == 2 && run > 0
}

// decodeBase64Loose decodes s in the standard or the URL alphabet, padded
// or not, ignoring CR and LF.
func decodeBase64Loose(s []byte) ([]byte, bool) {
	if len(s) == 0 {
		return nil, false
	}
	clean := strings.NewReplacer("\r", "", "\n", "").Replace(string(s))
	clean = strings.TrimRight(clean, "=")
	enc := base64.RawStdEncoding
	if strings.ContainsAny(clean, "-_") {
		enc = base64.RawURLEncoding
	}
	out, err := enc.DecodeString(clean)
	if err != nil {
		return nil, false
	}
	return out, true
}

// resultURL2Fields is ResultURL2Notification without methods, for printing
// its redacted copy.
type resultURL2Fields ResultURL2Notification

func (n ResultURL2Notification) redacted() resultURL2Fields {
	f := resultURL2Fields(n)
	f.OpKey = redacted(f.OpKey)
	return f
}

// Format implements fmt.Formatter: every verb prints the notification as
// Go would, with the OpKey redacted.
func (n ResultURL2Notification) Format(f fmt.State, verb rune) {
	formatRedacted(f, verb, n.redacted(), "robokassa.resultURL2Fields", "robokassa.ResultURL2Notification")
}

// MarshalJSON implements json.Marshaler: the notification's fields with
// the OpKey redacted. The output is for logs.
func (n ResultURL2Notification) MarshalJSON() ([]byte, error) { return json.Marshal(n.redacted()) }

// LogValue implements slog.LogValuer: the notification without its OpKey.
func (n ResultURL2Notification) LogValue() slog.Value { return slog.AnyValue(n.redacted()) }
