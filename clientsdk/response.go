package clientsdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// response is a decoded JSON object answer. Unknown keys are kept and
// ignored (the Python SDK's closed key lists in client_payment_sdk/models.py
// break on any new field).
type response map[string]json.RawMessage

// decodeResponse judges an HTTP answer (github.com/Space-Around/client-payment-sdk-python
// client_payment_sdk/client.py and exceptions.py):
//
//   - 2xx with a JSON object whose "status" is not "error": the response;
//   - 2xx with {"status":"error","field_errors":{...}}: a validation error
//     (see apiError for how messages map onto categories);
//   - 2xx without a JSON object or a "status" string: providerkit.ProtocolError;
//   - 400 {code,message}: ErrInvalidRequest with the provider's code and
//     message (or a category the message names; code invalid_signature is
//     ErrUnauthorized);
//   - 500 {message}: ErrUnavailable for reads, ErrOutcomeUnknown for
//     exchanges that may move money;
//   - any other status (3xx included: redirects are not followed):
//     providerkit.StatusError.
func decodeResponse(ex providerkit.Exchange, status int, body []byte) (response, error) {
	if status < 200 || status > 299 {
		return nil, statusError(ex, status, body)
	}
	r, err := parseObject(body)
	if err != nil {
		return nil, providerkit.ProtocolError(ex, err)
	}
	st, ok, err := r.str("status")
	if err != nil {
		return nil, providerkit.ProtocolError(ex, err)
	}
	if !ok {
		return nil, providerkit.ProtocolError(ex, errors.New(`response has no "status"`))
	}
	if strings.EqualFold(st, "error") {
		return nil, apiError(payments.ErrInvalidRequest, r)
	}
	return r, nil
}

// parseObject decodes body as one JSON object.
func parseObject(body []byte) (response, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, errors.New("response is not a JSON object")
	}
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("response is not valid JSON: %w", err)
	}
	return r, nil
}

// statusError maps a non-2xx answer.
func statusError(ex providerkit.Exchange, status int, body []byte) error {
	r, _ := parseObject(body) // error bodies are optional
	code, _, _ := r.str("code")
	message, _, _ := r.str("message")
	code, message = maskPANs(code), maskPANs(message)
	if status == http.StatusBadRequest && r != nil {
		e := apiError(payments.ErrInvalidRequest, r)
		e.Message = "HTTP 400"
		if message != "" {
			e.Message += ": " + message
		}
		return e
	}
	return providerkit.StatusError(ex, status, code, message)
}

// apiError builds the error of a rejection the provider explained, with
// its code, message and field errors. The category is fallback unless the
// text says otherwise (an assumption: the API documents no codes):
// "insufficient funds" or "not enough" -> ErrInsufficientFunds; "... does
// not exist" or "not found" about the order, invoice, payout or id ->
// ErrNotFound; "already exists", "already used" or "duplicate" ->
// ErrDuplicate. Card numbers in the provider's text are masked.
func apiError(fallback error, r response) *payments.Error {
	code, _, _ := r.str("code")
	message, _, _ := r.str("message")
	e := &payments.Error{Provider: providerName, Kind: fallback, Code: maskPANs(code), Message: maskPANs(message)}
	e.Fields = fieldErrors(r["field_errors"])
	if e.Message == "" && len(e.Fields) == 0 {
		e.Message = "the provider answered status error"
	}
	e.Kind = classify(fallback, e.Message, e.Fields)
	if strings.EqualFold(code, "invalid_signature") {
		// The request was refused for its signature, whatever the status:
		// the secret or the signing is wrong, not the request's values.
		e.Kind = payments.ErrUnauthorized
	}
	return e
}

// fieldErrors decodes {"field":["message",...]} leniently: a bare string
// is one message, other values are kept as their JSON text.
func fieldErrors(raw json.RawMessage) map[string][]string {
	var m map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil {
			list = []json.RawMessage{v}
		}
		for _, item := range list {
			s, err := scalarText(item)
			if err != nil {
				s = string(item)
			}
			out[k] = append(out[k], maskPANs(s))
		}
	}
	return out
}

// idFields name the object a lookup is about.
var idFields = []string{"order", "id", "invoice_id", "withdrawal_request", "withdrawal_request_id"}

func classify(fallback error, message string, fields map[string][]string) error {
	texts := []string{strings.ToLower(message)}
	notFound := isNotFound(texts[0], true)
	for k, msgs := range fields {
		for _, m := range msgs {
			m = strings.ToLower(m)
			texts = append(texts, m)
			if isNotFound(m, slices.Contains(idFields, k)) {
				notFound = true
			}
		}
	}
	has := func(subs ...string) bool {
		for _, t := range texts {
			for _, s := range subs {
				if strings.Contains(t, s) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("insufficient funds", "not enough"):
		return payments.ErrInsufficientFunds
	case notFound:
		return payments.ErrNotFound
	case has("already exists", "already used", "duplicate"):
		return payments.ErrDuplicate
	}
	return fallback
}

// isNotFound reports whether text says a looked-up object does not exist.
// Without idField the text must name the object itself.
func isNotFound(text string, idField bool) bool {
	if !strings.Contains(text, "does not exist") && !strings.Contains(text, "not found") {
		return false
	}
	if idField {
		return true
	}
	for _, obj := range []string{"order", "invoice", "payment", "withdrawal", "payout"} {
		if strings.Contains(text, obj) {
			return true
		}
	}
	return false
}

// str returns the text of a scalar key: a JSON string, or the literal
// text of a number or boolean. It reports false for an absent key or null,
// and an error for an object or array.
func (r response) str(key string) (string, bool, error) {
	raw, ok := r[key]
	if !ok {
		return "", false, nil
	}
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return "", false, nil
	}
	s, err := scalarText(raw)
	if err != nil {
		return "", false, fmt.Errorf("%q: %w", key, err)
	}
	return s, true, nil
}

// scalarText returns a JSON string's value or a number's or boolean's
// literal text; numbers are never converted through float64.
func scalarText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", errors.New("empty value")
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case 't', 'f':
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return "", err
		}
		return string(raw), nil
	case '{', '[', 'n':
		return "", errors.New("not a string, number or boolean")
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

// scalars returns every scalar key of r as text, for Raw fields, with card
// numbers masked. Objects and arrays are left out.
func (r response) scalars() map[string]string {
	out := make(map[string]string, len(r))
	for k := range r {
		if v, ok, err := r.str(k); ok && err == nil {
			out[k] = maskField(k, v)
		}
	}
	return out
}
