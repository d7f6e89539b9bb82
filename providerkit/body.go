package providerkit

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/paykit/payments"
)

// ReadBody reads the whole body of an incoming request (a webhook) through
// limit bytes; limit <= 0 means MaxResponseBytes.
//
// Errors are *payments.Error of kind payments.ErrInvalidRequest without Op
// or Provider (see [Stamp]): for a nil request or body, and for a body that
// cannot be read, whose read error is kept as the cause. A body over the
// limit, this one or the smaller one that payments.Client puts around a
// webhook body, is refused with the *http.MaxBytesError as its cause, so
// that errors.As finds it and the Client's webhook handler answers 413.
// Providers that read a body themselves must keep the read error reachable
// the same way (%w, or payments.Error.Err).
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if r == nil {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "nil request")
	}
	if r.Body == nil {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "empty body")
	}
	if limit <= 0 {
		limit = MaxResponseBytes
	}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		msg := "reading the body"
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			msg = fmt.Sprintf("body larger than %d bytes", mbe.Limit)
		}
		return nil, &payments.Error{Kind: payments.ErrInvalidRequest, Message: msg, Err: err}
	}
	return b, nil
}

// ReadForm returns the fields of a form sent to the provider's endpoint: the
// query of a GET (or of a request without a method) or the
// application/x-www-form-urlencoded body of a POST, read through limit
// bytes as [ReadBody] reads it (limit <= 0 means MaxResponseBytes). A query
// longer than limit is refused like a body over it, with an
// *http.MaxBytesError as cause. A POST without a Content-Type is read as a
// form.
//
// Errors are *payments.Error of kind payments.ErrInvalidRequest without Op
// or Provider: a nil request, a GET without URL, another method, a POST of
// another content type, an unreadable, missing or oversized body, or a
// malformed form.
func ReadForm(r *http.Request, limit int64) (url.Values, error) {
	if r == nil {
		return nil, payments.NewError(payments.ErrInvalidRequest, "", "nil request")
	}
	if limit <= 0 {
		limit = MaxResponseBytes
	}
	var raw string
	switch r.Method {
	case http.MethodGet, "":
		if r.URL == nil {
			return nil, payments.NewError(payments.ErrInvalidRequest, "", "request has no URL")
		}
		raw = r.URL.RawQuery
		if int64(len(raw)) > limit {
			return nil, &payments.Error{Kind: payments.ErrInvalidRequest, Message: fmt.Sprintf("query larger than %d bytes", limit),
				Err: &http.MaxBytesError{Limit: limit}}
		}
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); ct != "" {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || mt != "application/x-www-form-urlencoded" {
				return nil, payments.NewError(payments.ErrInvalidRequest, "", fmt.Sprintf("content type %q is not a form", ct))
			}
		}
		b, err := ReadBody(r, limit)
		if err != nil {
			return nil, err
		}
		raw = string(b)
	default:
		return nil, payments.NewError(payments.ErrInvalidRequest, "", fmt.Sprintf("method %s; a form comes by GET or POST", r.Method))
	}
	form, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &payments.Error{Kind: payments.ErrInvalidRequest, Message: "malformed form", Err: err}
	}
	return form, nil
}
