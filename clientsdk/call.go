package clientsdk

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// userAgent identifies this library to the provider.
const userAgent = "paykit-payments-clientsdk/1"

// call signs params for method and endpoint, sends them (a form body for
// POST, a query string for GET, with the signature last, as
// github.com/Space-Around/client-payment-sdk-python client_payment_sdk/client.py sends them),
// and returns the decoded success response. ex says whether the request
// may move money. Every error is a *payments.Error of ex.Op, or a bare
// context error.
func (p *Provider) call(ctx context.Context, ex providerkit.Exchange, method, endpoint string, params []Param) (response, error) {
	op := ex.Op
	payload, err := canonical(endpoint, method, params)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	sig, err := signJWS(p.signer, payload)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	encoded := encodeParams(params, sig)
	target := p.baseURL + endpoint
	var req *http.Request
	if method == http.MethodGet {
		req, err = http.NewRequestWithContext(ctx, method, target+"?"+encoded, nil)
	} else {
		req, err = http.NewRequestWithContext(ctx, method, target, strings.NewReader(encoded))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, &payments.Error{Kind: payments.ErrInvalidRequest, Message: "building the request", Err: err})
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := providerkit.Do(ctx, p.client, req, ex)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	r, err := decodeResponse(ex, resp.StatusCode, resp.Body)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, withRetryAfter(ex, resp, err))
	}
	return r, nil
}

// withRetryAfter gives err the wait a 429 or 503 answer asked for in its
// Retry-After header, so that the Client honours it when it retries a read.
func withRetryAfter(ex providerkit.Exchange, resp *providerkit.Response, err error) error {
	var pe *payments.Error
	if !errors.As(err, &pe) || pe.RetryAfter != 0 {
		return err
	}
	if se, ok := resp.StatusError(ex, "", "").(*payments.Error); ok {
		pe.RetryAfter = se.RetryAfter
	}
	return err
}

// encodeParams form-encodes params in their order, then the signature, as
// Python requests does (spaces as '+'; github.com/Space-Around/client-payment-sdk-python
// client_payment_sdk/client.py).
func encodeParams(params []Param, sig string) string {
	var b strings.Builder
	for _, p := range params {
		b.WriteString(url.QueryEscape(p.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Value))
		b.WriteByte('&')
	}
	b.WriteString("signature=")
	b.WriteString(url.QueryEscape(sig))
	return b.String()
}
