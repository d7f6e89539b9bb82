package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// WebhookEdit says how a tampering scenario changes a signed delivery. The
// suite sets exactly one of its fields; an editor that cannot make the
// change returns an error, and the scenario fails.
type WebhookEdit struct {
	// Amount, if set, replaces the delivery's amount with this one, leaving
	// the signature as it was.
	Amount *payments.Money
	// DropSignature removes the signature from the delivery.
	DropSignature bool
	// GarbleSignature replaces the signature with GarbledSignature.
	GarbleSignature bool
}

// WebhookEditor changes a signed delivery as a WebhookEdit says; it is the
// type of Harness.EditWebhook. FormEditor, JSONEditor and HeaderSignature
// build the common ones.
type WebhookEditor func(t *testing.T, r *http.Request, e WebhookEdit) (*http.Request, error)

// GarbledSignature is the value a GarbleSignature edit writes: not a
// signature in any encoding.
const GarbledSignature = "not-a-signature"

// String describes the edit, for failure messages.
func (e WebhookEdit) String() string {
	var parts []string
	if e.Amount != nil {
		parts = append(parts, "amount="+e.Amount.Format())
	}
	if e.DropSignature {
		parts = append(parts, "drop signature")
	}
	if e.GarbleSignature {
		parts = append(parts, "garble signature")
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// errNoSuchField is returned by the ready-made editors when the delivery
// lacks the field to edit.
var errNoSuchField = errors.New("the delivery has no such field")

// FormEditor returns a Harness.EditWebhook for form-encoded deliveries:
// the fields of a POST body (or of the query of a GET), with the signature
// in signatureField and the amount, written as Money.Format does ("10.00"),
// in amountField.
func FormEditor(signatureField, amountField string) WebhookEditor {
	return func(_ *testing.T, r *http.Request, e WebhookEdit) (*http.Request, error) {
		edit := func(v url.Values) error {
			if e.Amount != nil {
				if _, ok := v[amountField]; !ok {
					return fmt.Errorf("form field %q: %w", amountField, errNoSuchField)
				}
				v.Set(amountField, e.Amount.Format())
			}
			if e.DropSignature || e.GarbleSignature {
				if _, ok := v[signatureField]; !ok {
					return fmt.Errorf("form field %q: %w", signatureField, errNoSuchField)
				}
			}
			if e.DropSignature {
				v.Del(signatureField)
			}
			if e.GarbleSignature {
				v.Set(signatureField, GarbledSignature)
			}
			return nil
		}
		if r.Method == http.MethodGet {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				return nil, fmt.Errorf("the delivery's query is not a form: %w", err)
			}
			if err := edit(q); err != nil {
				return nil, err
			}
			u := *r.URL
			u.RawQuery = q.Encode()
			out := r.Clone(r.Context())
			out.URL = &u
			out.RequestURI = u.RequestURI()
			return out, nil
		}
		body, err := readBody(r)
		if err != nil {
			return nil, err
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("the delivery's body is not a form: %w", err)
		}
		if err := edit(vals); err != nil {
			return nil, err
		}
		return withBody(r, []byte(vals.Encode())), nil
	}
}

// JSONEditor returns a Harness.EditWebhook for deliveries whose body is a
// JSON object with the signature under the top-level key signatureKey and
// the amount under amountKey. The new amount keeps the old value's JSON
// type: a string stays a string, a number stays a number, both in major
// units as Money.Format writes them ("10.00"). For a signature that
// travels in a header, wrap the editor in HeaderSignature. For an amount
// in minor units use JSONMinorUnitsEditor.
func JSONEditor(signatureKey, amountKey string) WebhookEditor {
	return jsonEditor(signatureKey, amountKey, false)
}

// JSONMinorUnitsEditor is JSONEditor for deliveries whose amount is in the
// currency's minor units, an integer such as 1000 for 10.00 RUB (T-Bank's
// notifications give Amount in kopecks). The new amount keeps the old
// value's JSON type, as with JSONEditor; an amount that does not fit an
// int64 of minor units is an error.
func JSONMinorUnitsEditor(signatureKey, amountKey string) WebhookEditor {
	return jsonEditor(signatureKey, amountKey, true)
}

// jsonEditor is JSONEditor, writing amounts in minor units when minor is
// set.
func jsonEditor(signatureKey, amountKey string, minor bool) WebhookEditor {
	return func(_ *testing.T, r *http.Request, e WebhookEdit) (*http.Request, error) {
		body, err := readBody(r)
		if err != nil {
			return nil, err
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, fmt.Errorf("the delivery's body is not a JSON object: %w", err)
		}
		if obj == nil {
			return nil, errors.New("the delivery's body is JSON null, not an object")
		}
		if e.Amount != nil {
			old, ok := obj[amountKey]
			if !ok {
				return nil, fmt.Errorf("JSON key %q: %w", amountKey, errNoSuchField)
			}
			s := e.Amount.Format()
			if minor {
				n, ok := e.Amount.MinorUnits()
				if !ok {
					return nil, fmt.Errorf("amount %s does not fit an int64 of minor units", e.Amount)
				}
				s = strconv.FormatInt(n, 10)
			}
			if bytes.HasPrefix(bytes.TrimSpace(old), []byte(`"`)) {
				obj[amountKey], _ = json.Marshal(s)
			} else {
				obj[amountKey] = json.RawMessage(s)
			}
		}
		if e.DropSignature || e.GarbleSignature {
			if _, ok := obj[signatureKey]; !ok {
				return nil, fmt.Errorf("JSON key %q: %w", signatureKey, errNoSuchField)
			}
		}
		if e.DropSignature {
			delete(obj, signatureKey)
		}
		if e.GarbleSignature {
			obj[signatureKey], _ = json.Marshal(GarbledSignature)
		}
		out, err := json.Marshal(obj)
		if err != nil {
			return nil, err
		}
		return withBody(r, out), nil
	}
}

// readBody reads r's body; r must not be used again.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the delivery's body: %w", err)
	}
	return b, nil
}

// withBody clones r with body as its body.
func withBody(r *http.Request, body []byte) *http.Request {
	out := r.Clone(r.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return out
}
