package acmepay

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// apiError is Acme Pay's error object. Acme answers 200 to every request
// it understood, so a refusal arrives in a 200 body:
//
//	{"error":{"code":"insufficient_funds","message":"balance too low"}}
//
// Other statuses come from its gateway (401, 429, 5xx) and may carry the
// same object.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// errorKinds maps Acme's error codes onto the kinds every provider shares.
// Acme documents that a request answered with an error object was not
// carried out, so these kinds hold for money-moving requests too.
var errorKinds = map[string]error{
	"invalid_request":        payments.ErrInvalidRequest,
	"unsupported_currency":   payments.ErrInvalidRequest,
	"nothing_to_refund":      payments.ErrInvalidRequest,
	"invalid_api_key":        payments.ErrUnauthorized,
	"not_found":              payments.ErrNotFound,
	"card_declined":          payments.ErrDeclined,
	"insufficient_funds":     payments.ErrInsufficientFunds,
	"duplicate_order":        payments.ErrDuplicate,
	"idempotency_key_reused": payments.ErrDuplicate,
	"rate_limited":           payments.ErrRateLimited,
	"try_again_later":        payments.ErrUnavailable,
}

// kindOf returns the kind of an error object. A code Acme added after this
// package was written says nothing we can rely on: a protocol error for a
// read, and an unknown outcome for a request that may have moved money.
func kindOf(ex providerkit.Exchange, code string) error {
	if k, ok := errorKinds[code]; ok {
		return k
	}
	if ex.MovesMoney {
		return payments.ErrOutcomeUnknown
	}
	return payments.ErrProtocol
}

// request is one call to Acme's API.
type request struct {
	method string
	path   string     // such as "/v1/payments"
	query  url.Values // may be nil
	body   any        // JSON-encoded when not nil
	// idempotencyKey is sent as the Idempotency-Key header when set.
	idempotencyKey string
}

// call sends r as exchange ex and decodes a successful answer into out.
// Every error is a *payments.Error of the right kind (or a bare context
// error): providerkit.Do classifies transport faults by ex, a non-2xx
// status goes through Response.StatusError (which keeps Retry-After), an
// error object in a 200 body through kindOf, and an answer that does not
// decode through providerkit.ProtocolError.
func (p *Provider) call(ctx context.Context, ex providerkit.Exchange, r request, out any) error {
	var body io.Reader
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return payments.Errorf(payments.ErrInvalidRequest, "encoding the request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	u := p.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return payments.Errorf(payments.ErrInvalidRequest, "building the request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+p.apiKey.Reveal())
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", r.idempotencyKey)
	}

	resp, err := providerkit.Do(ctx, p.http, req, ex)
	if err != nil {
		return err // already classified by ex
	}
	var answer struct {
		Error *apiError `json:"error"`
	}
	jsonErr := json.Unmarshal(resp.Body, &answer)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var code, msg string
		if jsonErr == nil && answer.Error != nil {
			code, msg = answer.Error.Code, answer.Error.Message
		}
		return resp.StatusError(ex, code, msg)
	}
	if jsonErr != nil {
		return providerkit.ProtocolError(ex, jsonErr)
	}
	if e := answer.Error; e != nil {
		// Rule: an error in a 200 body is an error of the right kind,
		// never a success and never left unclassified.
		return payments.NewError(kindOf(ex, e.Code), e.Code, e.Message)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return providerkit.ProtocolError(ex, err)
	}
	return nil
}
