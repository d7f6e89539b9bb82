package sandbox

import (
	"bytes"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/paykit/payments/clientsdk"
)

// csMaxBody limits a request body the sbank/PayHub side reads.
const csMaxBody = 64 << 10

// csRequest is a parsed, signature-checked API request: every field but
// the signature, each given once.
type csRequest map[string]string

// Error shapes of the sbank/PayHub side (github.com/Space-Around/client-payment-sdk-python). The real API's
// answer to a bad signature is undocumented; the sandbox answers HTTP 403
// with the {code,message} body the Python SDK expects of error statuses,
// which the clientsdk provider reports as payments.ErrUnauthorized with
// the code kept.
const (
	csCodeSignature = "invalid_signature"
	csCodeBadInput  = "bad_request"
)

// readRequest parses r (the query of a GET, the form body of a POST) and
// checks its signature exactly as the real API does: the signature field
// must equal clientsdk.Sign(path, method, every other field as sent,
// secret). It writes the error answer and returns false when the request
// is refused: a body that is not a form or a repeated field (400), a
// missing merchant_id (200 field_errors), an unknown merchant or a
// missing, wrong or unverifiable signature (403).
func (c *clientsdkSide) readRequest(w http.ResponseWriter, r *http.Request, path string) (csRequest, bool) {
	var form url.Values
	var err error
	if r.Method == http.MethodGet {
		form, err = url.ParseQuery(r.URL.RawQuery)
	} else {
		var body []byte
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, csMaxBody))
		if err == nil {
			form, err = url.ParseQuery(string(body))
		}
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			csError(w, http.StatusRequestEntityTooLarge, csCodeBadInput, "request body too large")
			return nil, false
		}
		csError(w, http.StatusBadRequest, csCodeBadInput, "request is not a form")
		return nil, false
	}
	req := make(csRequest, len(form))
	var sig string
	var hasSig bool
	params := make([]clientsdk.Param, 0, len(form))
	for k, vs := range form {
		if len(vs) != 1 {
			csError(w, http.StatusBadRequest, csCodeBadInput, "field "+k+" is repeated")
			return nil, false
		}
		if k == "signature" {
			sig, hasSig = vs[0], true
			continue
		}
		req[k] = vs[0]
		params = append(params, clientsdk.Param{Key: k, Value: vs[0]})
	}
	if req["merchant_id"] == "" {
		csFieldErrors(w, map[string][]string{"merchant_id": {csRequired}})
		return nil, false
	}
	if req["merchant_id"] != c.m.MerchantID {
		c.s.logf("clientsdk %s: unknown merchant", path)
		csError(w, http.StatusForbidden, csCodeSignature, "Invalid signature: unknown merchant")
		return nil, false
	}
	if !hasSig || sig == "" {
		c.s.logf("clientsdk %s: no signature", path)
		csError(w, http.StatusForbidden, csCodeSignature, "Invalid signature: the signature field is missing")
		return nil, false
	}
	want, err := clientsdk.Sign(path, r.Method, params, c.m.Secret)
	if err != nil || !hmac.Equal([]byte(want), []byte(sig)) {
		hint := csSignatureHint(path, r.Method, params)
		c.s.logf("clientsdk %s: wrong signature; %s", path, hint)
		csErrorHint(w, http.StatusForbidden, csCodeSignature, "Invalid signature", hint)
		return nil, false
	}
	return req, true
}

// csRequired is the field error of a missing field.
const csRequired = "This field is required."

// missing returns a field error for each of fields that is absent or
// empty in req.
func (req csRequest) missing(fields ...string) map[string][]string {
	errs := map[string][]string{}
	for _, f := range fields {
		if req[f] == "" {
			errs[f] = []string{csRequired}
		}
	}
	return errs
}

// csJSON writes v as a JSON answer with status, without HTML escaping
// (URLs keep their '&').
func csJSON(w http.ResponseWriter, status int, v any) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimSuffix(body.Bytes(), []byte("\n")))
}

// csError writes an error status with the {code,message} body that
// github.com/Space-Around/client-payment-sdk-python client_payment_sdk/client.py reads (HTTP 400 in the Python SDK).
func csError(w http.ResponseWriter, status int, code, message string) {
	csJSON(w, status, map[string]string{"code": code, "message": message})
}

// csErrorHint writes an error answer as csError does, plus the sandbox's
// hint (sandbox_hint) on what it expected; the real API gives none.
func csErrorHint(w http.ResponseWriter, status int, code, message, hint string) {
	csJSON(w, status, map[string]string{"code": code, "message": message, "sandbox_hint": hint})
}

// csServerError writes a 5xx with the {message} body the Python SDK reads
// from a 500 (github.com/Space-Around/client-payment-sdk-python).
func csServerError(w http.ResponseWriter, status int, message string) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	csJSON(w, status, map[string]string{"message": message})
}

// csFieldErrors writes the validation failure the PHP SDK's tests show:
// HTTP 200 {"status":"error","field_errors":{"field":["message"]}}.
func csFieldErrors(w http.ResponseWriter, errs map[string][]string) {
	csJSON(w, http.StatusOK, map[string]any{"status": "error", "field_errors": errs})
}
