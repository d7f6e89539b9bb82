package robokassa

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// opStatePaid is an OpStateExt answer for a paid order with OpKey K.
const opStatePaid = `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>10.000000</OutSum><OpKey>K</OpKey></Info></OperationStateResponse>`

// statusKind is the category the shared status policy gives a refund
// answered with status and no body this package understands.
func statusKind(status int) error {
	var pe *payments.Error
	if !errors.As(providerkit.StatusError(providerkit.Moving(payments.OpRefund), status, "", ""), &pe) {
		return nil
	}
	return pe.Kind
}

// Refund/Create answers by status and body: only a 2xx answer reports a
// refund made; a refusal is read from a 2xx answer or a 4xx the shared
// status policy classifies; a 5xx, 3xx or any status that policy counts
// as possibly acted on is never read as an answer.
func TestRefundCreateAnswers(t *testing.T) {
	t.Parallel()
	const (
		success = `{"success":true,"message":null,"requestId":"r1"}`
		refusal = `{"success":false,"message":"NotEnoughOperationFunds","requestId":null}`
		garbage = `<html>oops</html>`
	)
	type answer struct {
		name    string
		status  int
		body    string
		kind    error  // nil: the refund was created
		message string // a part of the error's text, if any
	}
	// refusalAt is a refusal answered with status: read as the refusal
	// unless the shared policy counts status as possibly acted on.
	refusalAt := func(status int) answer {
		a := answer{fmt.Sprintf("%d refusal", status), status, refusal, payments.ErrInsufficientFunds, "NotEnoughOperationFunds"}
		if k := statusKind(status); k == payments.ErrOutcomeUnknown {
			a.kind, a.message = k, fmt.Sprintf("HTTP %d", status)
		}
		return a
	}
	tests := []answer{
		{"200 success", 200, success, nil, ""},
		{"299 success", 299, success, nil, ""},
		{"300 success is not one", 300, success, statusKind(300), "HTTP 300"},
		{"199 success is not one", 199, success, statusKind(199), "HTTP 199"},
		{"400 success is not one", 400, success, payments.ErrInvalidRequest, "HTTP 400"},
		{"500 success is not one", 500, success, payments.ErrOutcomeUnknown, "HTTP 500"},
		{"200 refusal", 200, refusal, payments.ErrInsufficientFunds, "NotEnoughOperationFunds"},
		{"299 refusal", 299, refusal, payments.ErrInsufficientFunds, "NotEnoughOperationFunds"},
		{"400 refusal", 400, refusal, payments.ErrInsufficientFunds, "NotEnoughOperationFunds"},
		{"422 refusal", 422, refusal, payments.ErrInsufficientFunds, "NotEnoughOperationFunds"},
		refusalAt(499),
		refusalAt(399),
		{"500 refusal is not read", 500, refusal, payments.ErrOutcomeUnknown, "HTTP 500"},
		{"503 refusal is not read", 503, refusal, payments.ErrOutcomeUnknown, "HTTP 503"},
		{"200 garbage", 200, garbage, payments.ErrOutcomeUnknown, "malformed response"},
		{"299 garbage", 299, garbage, payments.ErrOutcomeUnknown, "malformed response"},
		{"300 garbage", 300, garbage, statusKind(300), "HTTP 300"},
		{"404 garbage", 404, garbage, payments.ErrNotFound, "HTTP 404"},
		{"499 garbage", 499, garbage, statusKind(499), "HTTP 499"},
		{"200 no success field", 200, `{"requestId":"r1"}`, payments.ErrOutcomeUnknown, "no success field"},
		{"200 success without requestId", 200, `{"success":true}`, payments.ErrOutcomeUnknown, "success without requestId"},
		{"200 unknown refusal", 200, `{"success":false,"message":"Nope"}`, payments.ErrDeclined, "Nope"},
		{"200 AlreadyRefunded", 200, `{"success":false,"message":"AlreadyRefunded"}`, payments.ErrDuplicate, "AlreadyRefunded"},
		{"200 OperationNotFound", 200, `{"success":false,"message":"OperationNotFound"}`, payments.ErrNotFound, "OperationNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := roundTripFunc(func(*http.Request) (*http.Response, error) { return textResponse(tt.status, tt.body), nil })
			id, err := newProvider(t, rt, nil).CreateRefund(t.Context(), RefundCreate{OpKey: "K"})
			if tt.kind == nil {
				if err != nil || id != "r1" {
					t.Fatalf("CreateRefund = %q, %v; want r1", id, err)
				}
				return
			}
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.message) || id != "" {
				t.Fatalf("CreateRefund = %q, %v; want %v mentioning %q", id, err, tt.kind, tt.message)
			}
			checkAdvice(t, err)
		})
	}
}

// checkAdvice checks that an unknown outcome carries RefundAdvice and any
// other error no advice.
func checkAdvice(t *testing.T, err error) {
	t.Helper()
	var pe *payments.Error
	if !errors.As(err, &pe) {
		t.Fatalf("%v is not a *payments.Error", err)
	}
	want := ""
	if errors.Is(err, payments.ErrOutcomeUnknown) {
		want = RefundAdvice
	}
	if pe.Advice != want {
		t.Errorf("Advice of %v = %q, want %q", err, pe.Advice, want)
	}
}

// Every unknown outcome of a refund says that Robokassa's lookups cannot
// tell and what can (issue: "check with RefundStatus or PaymentStatus"
// led to refunding twice).
func TestRefundOutcomeUnknownAdvice(t *testing.T) {
	t.Parallel()
	reset := errors.New("connection reset by peer")
	tests := []struct {
		name   string
		answer func() (*http.Response, error)
	}{
		{"connection reset after sending", func() (*http.Response, error) { return nil, reset }},
		{"HTTP 500", func() (*http.Response, error) { return textResponse(500, "oops"), nil }},
		{"HTTP 502 with a refusal body", func() (*http.Response, error) {
			return textResponse(502, `{"success":false,"message":"AlreadyRefunded"}`), nil
		}},
		{"malformed JSON", func() (*http.Response, error) { return textResponse(200, `{"success":tru`), nil }},
		{"success without requestId", func() (*http.Response, error) { return textResponse(200, `{"success":true}`), nil }},
		{"body cut short", func() (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"succ`), cutShort{}))}, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if strings.HasSuffix(r.URL.Path, "OpStateExt") {
					return textResponse(200, opStatePaid), nil
				}
				return tt.answer()
			})
			p := newProvider(t, rt, nil)
			_, err := p.Refund(t.Context(), &payments.RefundRequest{OrderID: "5"})
			if !errors.Is(err, payments.ErrOutcomeUnknown) {
				t.Fatalf("Provider.Refund: %v, want ErrOutcomeUnknown", err)
			}
			checkAdvice(t, err)

			c, _ := payments.New(p, nil)
			_, err = c.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Reference: "r-1"})
			var pe *payments.Error
			if !errors.Is(err, payments.ErrOutcomeUnknown) || !errors.As(err, &pe) || pe.Advice != RefundAdvice {
				t.Fatalf("Client.Refund: %v (advice %q), want ErrOutcomeUnknown with RefundAdvice", err, pe.Advice)
			}
		})
	}
	// The advice never sends the reader to a lookup that cannot answer.
	for _, phrase := range []string{"merchant account", "cannot", "Do not refund again"} {
		if !strings.Contains(RefundAdvice, phrase) {
			t.Errorf("RefundAdvice lacks %q", phrase)
		}
	}
	for _, phrase := range []string{"check with", "look the order up", "look it up", "then retry"} {
		if strings.Contains(strings.ToLower(RefundAdvice), phrase) {
			t.Errorf("RefundAdvice suggests %q", phrase)
		}
	}
	// Refusals and failures before sending are known outcomes: no advice.
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "OpStateExt") {
			return textResponse(200, opStatePaid), nil
		}
		return textResponse(200, `{"success":false,"message":"NotEnoughOperationFunds"}`), nil
	})
	_, err := newProvider(t, rt, nil).Refund(t.Context(), &payments.RefundRequest{OrderID: "5"})
	if !errors.Is(err, payments.ErrInsufficientFunds) {
		t.Fatalf("refusal: %v", err)
	}
	checkAdvice(t, err)
}

type cutShort struct{}

func (cutShort) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// Without Password3 a Client's Refund says what to configure, still as
// errors.ErrUnsupported, and sends nothing (it said "the provider does not
// support refund" before).
func TestRefundWithoutPassword3(t *testing.T) {
	t.Parallel()
	tr := httpmock.NewMockTransport()
	p := newProvider(t, tr, func(c *Config) { c.Password3 = "" })
	c, err := payments.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	four := rub("4.00")
	for _, amount := range []*payments.Money{nil, &four} {
		_, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Reference: "r-2", Amount: amount})
		if !errors.Is(err, errors.ErrUnsupported) || !errors.Is(err, payments.ErrUnsupported) {
			t.Fatalf("Refund without Password3: %v, want errors.ErrUnsupported", err)
		}
		for _, want := range []string{"Password3", "ROBOKASSA_PASSWORD3"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %s", err, want)
			}
		}
	}
	if n := tr.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent without Password3", n)
	}
	// RefundStatus needs no password (Refund/GetState is not signed).
	if !p.Capabilities().Supports(payments.OpRefundStatus) {
		t.Error("refund status not declared")
	}
}

// FuzzRefundCreate checks the rules of Refund/Create answers on arbitrary
// statuses and bodies: a refund is created only by a 2xx answer, a status
// the shared policy counts as possibly acted on is never read as a
// refusal, and every unknown outcome carries RefundAdvice.
func FuzzRefundCreate(f *testing.F) {
	for _, status := range []int{199, 200, 299, 300, 302, 400, 404, 409, 412, 499, 500, 503} {
		f.Add(status, `{"success":true,"message":null,"requestId":"68cd7fa6-1338-4745-ba5c-28d16cbcdb3d"}`)
		f.Add(status, `{"success":false,"message":"AlreadyRefunded","requestId":null}`)
	}
	f.Add(200, `{"success":true,"requestId":""}`)
	f.Add(200, `{"success":null}`)
	f.Add(200, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		if status < 100 || status > 999 {
			return
		}
		rt := roundTripFunc(func(*http.Request) (*http.Response, error) { return textResponse(status, body), nil })
		id, err := newProvider(t, rt, nil).CreateRefund(t.Context(), RefundCreate{OpKey: "K"})
		if err == nil {
			if status < 200 || status > 299 || id == "" {
				t.Fatalf("HTTP %d %q created refund %q", status, body, id)
			}
			return
		}
		if statusKind(status) == payments.ErrOutcomeUnknown && !errors.Is(err, payments.ErrOutcomeUnknown) {
			t.Errorf("HTTP %d %q: %v, want ErrOutcomeUnknown", status, body, err)
		}
		var pe *payments.Error
		if !errors.As(err, &pe) || (errors.Is(err, payments.ErrOutcomeUnknown) != (pe.Advice == RefundAdvice)) {
			t.Errorf("HTTP %d %q: %v with advice %q", status, body, err, pe.Advice)
		}
	})
}
