package conformance

import (
	"fmt"
	"net/http"
	"testing"
)

// HeaderSignature returns a Harness.EditWebhook for deliveries whose
// signature travels in the HTTP header named header rather than in the
// body. It drops or garbles that header itself and hands an amount edit,
// and only that, to body, which edits the body (FormEditor or JSONEditor,
// whose signature name is then never used):
//
//	EditWebhook: conformance.HeaderSignature("Acme-Signature", conformance.JSONEditor("", "amount")),
//
// Dropping or garbling a header the delivery lacks is an error, as a
// missing field is for the other editors.
func HeaderSignature(header string, body WebhookEditor) WebhookEditor {
	return func(t *testing.T, r *http.Request, e WebhookEdit) (*http.Request, error) {
		if (e.DropSignature || e.GarbleSignature) && len(r.Header.Values(header)) == 0 {
			return nil, fmt.Errorf("header %q: %w", header, errNoSuchField)
		}
		out := r
		if e.Amount != nil {
			if body == nil {
				return nil, fmt.Errorf("HeaderSignature(%q) has no body editor for %s", header, e)
			}
			var err error
			if out, err = body(t, r, WebhookEdit{Amount: e.Amount}); err != nil {
				return nil, err
			}
			if out == nil {
				return nil, fmt.Errorf("the body editor returned no request for %s", e)
			}
		}
		if !e.DropSignature && !e.GarbleSignature {
			return out, nil
		}
		// Clone copies the header, so that r keeps its signature.
		out = out.Clone(out.Context())
		if e.DropSignature {
			out.Header.Del(header)
		}
		if e.GarbleSignature {
			out.Header.Set(header, GarbledSignature)
		}
		return out, nil
	}
}
