package clientsdk

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
)

// userAgent identifies this library to the provider.
const userAgent = "paykit-payments-clientsdk/1"

// call signs params for method and endpoint, sends them (a form body for
// POST, a query string for GET, with the signature last, wire notes §2.1),
// and returns the decoded success response. Every error is a
// *payments.Error of op, or a bare context error.
func (p *Provider) call(ctx context.Context, op payments.Operation, method, endpoint string, params []Param) (response, error) {
	payload, err := canonical(endpoint, method, params)
	if err != nil {
		return nil, withOp(op, err)
	}
	sig, err := signJWS(p.signer, payload)
	if err != nil {
		return nil, withOp(op, err)
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
		return nil, withOp(op, &payments.Error{Kind: payments.ErrInvalidRequest, Message: "building the request", Err: err})
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := payments.DoHTTP(ctx, p.client, req, op, 0)
	if err != nil {
		return nil, withOp(op, err)
	}
	r, err := decodeResponse(op, resp.StatusCode, resp.Body)
	if err != nil {
		return nil, withOp(op, withRetryAfter(op, resp, err))
	}
	return r, nil
}

// withRetryAfter gives err the wait a 429 or 503 answer asked for in its
// Retry-After header, so that the Client honours it when it retries a read.
func withRetryAfter(op payments.Operation, resp *payments.HTTPResponse, err error) error {
	var pe *payments.Error
	if !errors.As(err, &pe) || pe.RetryAfter != 0 {
		return err
	}
	if se, ok := resp.StatusError(op, "", "").(*payments.Error); ok {
		pe.RetryAfter = se.RetryAfter
	}
	return err
}

// encodeParams form-encodes params in their order, then the signature, as
// Python requests does (spaces as '+', wire notes §2.5 B).
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

// withOp fills in the operation and provider of a *payments.Error (copying
// it); other errors (context errors) pass through.
func withOp(op payments.Operation, err error) error {
	pe, ok := err.(*payments.Error)
	if !ok {
		return err
	}
	cp := *pe
	if cp.Op == "" {
		cp.Op = op
	}
	if cp.Provider == "" {
		cp.Provider = providerName
	}
	return &cp
}
