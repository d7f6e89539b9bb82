package conformance_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// providerBug is one way a provider can be wrong that the suite must
// catch. Each is built by wrapping the fake's HTTP provider, or the
// transport it sends through, so that everything else stays correct.
type providerBug string

const (
	acceptsTamperedWebhook providerBug = "accepts a tampered webhook"
	resendsAfterTimeout    providerBug = "resends a money-moving call after a timeout"
	readsAfterFault        providerBug = "sends a status read after a money-moving call failed"
	reportsOtherAmount     providerBug = "reports another amount"
	reportsOtherStatus     providerBug = "reports a paid payment as pending"
	webhookOtherAmount     providerBug = "reports another amount in a webhook event"
	webhookOtherStatus     providerBug = "reports another status in a webhook event"
	wrongAck               providerBug = "acknowledges with another reply than its documentation asks for"
	unstableEventID        providerBug = "gives every delivery of an event a new id"
	ignoresCancel          providerBug = "ignores a cancelled context"
	dialErrorSuccess       providerBug = "returns success for a dial error"
	movingDeclaredRead     providerBug = "declares its money-moving exchange a read"
	leaksSecret            providerBug = "leaks a secret into a fixture"
	dropsReceipt           providerBug = "drops the receipt"
	lookupOtherPayment     providerBug = "looks up another payment by payment id"
	noChallengeStep        providerBug = "asks for 3-D Secure without a next step"
	cardInErrors           providerBug = "names the card number in its errors"
	anonymousPayout        providerBug = "reports a payout with neither its id nor its order id"
	acceptsMalformedHook   providerBug = "accepts a webhook body it cannot parse"
	malformedHookFails     providerBug = "answers a webhook body it cannot parse with a server error"
	// signatureFirst is no bug: the provider looks for the signature
	// before it parses the rest of the body, so that a malformed body is
	// ErrInvalidSignature. The suite must pass it.
	signatureFirst providerBug = "checks the signature before parsing the body"
)

// broken is the fake's HTTP provider with one bug.
type broken struct {
	*paymentstest.HTTPProvider
	bug    providerBug
	events atomic.Int32
}

// brokenProvider returns the fake's HTTP provider with bug, sending
// through rt.
func brokenProvider(t *testing.T, bug providerBug, baseURL string, rt http.RoundTripper) payments.Provider {
	t.Helper()
	switch bug {
	case resendsAfterTimeout:
		rt = resendTransport{rt}
	case readsAfterFault:
		rt = readAfterFaultTransport{rt}
	case movingDeclaredRead:
		rt = declareReadTransport{rt}
	case leaksSecret:
		rt = leakTransport{rt}
	}
	return &broken{HTTPProvider: fakeHTTPProvider(t, baseURL, rt).(*paymentstest.HTTPProvider), bug: bug}
}

// ctx is the context the provider passes on: the caller's, or, for
// ignoresCancel, one that is never canceled.
func (b *broken) ctx(ctx context.Context) context.Context {
	if b.bug == ignoresCancel {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// notSent reports whether err is a dial failure: the request was not sent.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func (b *broken) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	if p, err, done := b.methodBug(ctx, req); done { // methods_broken_test.go
		return p, err
	}
	if b.bug == dropsReceipt {
		r := *req
		r.Receipt = nil
		req = &r
	}
	p, err := b.HTTPProvider.InitPayment(b.ctx(ctx), req)
	switch {
	case b.bug == dialErrorSuccess && notSent(err):
		return &payments.Payment{OrderID: req.OrderID, Status: payments.StatusPending, Amount: req.Amount}, nil
	case b.bug == cardInErrors && err != nil && req.Card != nil:
		var pe *payments.Error
		if errors.As(err, &pe) {
			return nil, &payments.Error{Kind: pe.Kind, Message: "card " + req.Card.Number + " refused", Err: err}
		}
	case b.bug == noChallengeStep && err == nil && req.Browser != nil:
		p.Status, p.NextStep = payments.StatusRequiresAction, payments.NextStep{}
	}
	return p, err
}

func (b *broken) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	if b.bug == lookupOtherPayment && q.PaymentID != "" {
		q.PaymentID += "0"
	}
	if b.lost(q) { // methods_broken_test.go
		return nil, payments.NewError(payments.ErrNotFound, "not_found", "no payment of order "+q.OrderID)
	}
	p, err := b.HTTPProvider.PaymentStatus(b.ctx(ctx), q)
	if b.bug == dialErrorSuccess && notSent(err) {
		return &payments.Payment{OrderID: q.OrderID, Status: payments.StatusPending}, nil
	}
	if err != nil {
		return p, err
	}
	switch b.bug {
	case reportsOtherAmount:
		p.Amount.Amount = p.Amount.Amount.Add(decimal.NewFromInt(1))
	case reportsOtherStatus:
		if p.Status == payments.StatusSucceeded {
			p.Status = payments.StatusPending
		}
	}
	return p, nil
}

func (b *broken) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	if b.bug == dropsReceipt {
		r := *req
		r.Receipt = nil
		req = &r
	}
	return b.HTTPProvider.Refund(b.ctx(ctx), req)
}

func (b *broken) Withdraw(ctx context.Context, req *payments.WithdrawalRequest) (*payments.Withdrawal, error) {
	return b.HTTPProvider.Withdraw(b.ctx(ctx), req)
}

func (b *broken) WithdrawalStatus(ctx context.Context, q payments.WithdrawalQuery) (*payments.Withdrawal, error) {
	w, err := b.HTTPProvider.WithdrawalStatus(ctx, q)
	if err == nil && b.bug == anonymousPayout {
		w.ID, w.OrderID = "", ""
	}
	return w, err
}

func (b *broken) VerifyWebhook(ctx context.Context, r *http.Request) (*payments.Event, error) {
	if ev, done, err := b.parseFirst(r); done {
		return ev, err
	}
	if b.bug == acceptsTamperedWebhook {
		r = resigned(r)
	}
	ev, err := b.HTTPProvider.VerifyWebhook(ctx, r)
	if err != nil {
		return ev, err
	}
	switch b.bug {
	case webhookOtherAmount:
		ev.Amount.Amount = ev.Amount.Amount.Add(decimal.NewFromInt(1))
	case webhookOtherStatus:
		ev.Status = payments.StatusFailed
	case wrongAck:
		ev.Ack = payments.Ack{StatusCode: http.StatusOK, Body: "OK"}
	case unstableEventID:
		ev.ID += string(rune('a' + b.events.Add(1)))
	}
	return ev, nil
}

// parseFirst looks at the delivery's form body as the webhook bugs about
// parsing do, before the fake verifies it; done reports whether it
// answered. A body it cannot read (one over the size limit) is left to the
// fake, which reads the same error.
func (b *broken) parseFirst(r *http.Request) (ev *payments.Event, done bool, err error) {
	if b.bug != acceptsMalformedHook && b.bug != malformedHookFails && b.bug != signatureFirst {
		return nil, false, nil
	}
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return nil, false, nil
	}
	v, perr := url.ParseQuery(string(body))
	switch {
	case b.bug == signatureFirst && v.Get("signature") == "":
		return nil, true, payments.NewError(payments.ErrInvalidSignature, "", "no signature")
	case b.bug == acceptsMalformedHook && perr != nil:
		return &payments.Event{ID: "malformed", Type: payments.EventPayment, OrderID: "1002", Status: payments.StatusSucceeded,
			Ack: payments.Ack{StatusCode: http.StatusOK, ContentType: "text/plain", Body: "ok"}}, true, nil
	case b.bug == malformedHookFails && perr != nil:
		return nil, true, payments.NewError(payments.ErrUnavailable, "", "cannot parse the webhook")
	}
	return nil, false, nil
}

// resigned returns the fake's delivery r signed anew with the right
// secret, whatever was done to it: a provider that does not verify.
func resigned(r *http.Request) *http.Request {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return r
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return r
	}
	amount, err := payments.ParseMoney(v.Get("amount"), payments.Currency(v.Get("currency")))
	if err != nil {
		return r
	}
	return paymentstest.New(nil).SignWebhookWith(paymentstest.WebhookData{
		EventID: v.Get("event_id"), Type: payments.EventType(v.Get("type")), OrderID: v.Get("order_id"),
		Status: payments.Status(v.Get("status")), Amount: amount,
	}, webhookSecret)
}

// resendTransport sends a request that moves money again after a timeout.
type resendTransport struct{ next http.RoundTripper }

func (t resendTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	var ne net.Error
	if err != nil && req.Method != http.MethodGet && errors.As(err, &ne) && ne.Timeout() && req.GetBody != nil {
		again := req.Clone(req.Context())
		again.Body, _ = req.GetBody()
		return t.next.RoundTrip(again)
	}
	return resp, err
}

// readAfterFaultTransport reads the resource back after a request that
// moves money failed, to see what happened.
type readAfterFaultTransport struct{ next http.RoundTripper }

func (t readAfterFaultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil && req.Method != http.MethodGet {
		read, rerr := http.NewRequestWithContext(req.Context(), http.MethodGet, req.URL.String(), nil)
		if rerr == nil {
			if r, rerr := t.next.RoundTrip(read); rerr == nil {
				r.Body.Close()
			}
		}
	}
	return resp, err
}

// declareReadTransport sends every request that moves money through
// providerkit.Do again, declared a read: the declaration the replayer
// sees, as if the provider had written providerkit.Read.
type declareReadTransport struct{ next http.RoundTripper }

func (t declareReadTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ex, _ := providerkit.ExchangeOf(req)
	if !ex.MovesMoney {
		return t.next.RoundTrip(req)
	}
	resp, err := providerkit.Do(req.Context(), &http.Client{Transport: t.next}, req, providerkit.Read(ex.Op))
	if err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: resp.StatusCode, Status: http.StatusText(resp.StatusCode), Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(resp.Body)), ContentLength: -1, Request: req,
	}, nil
}

// leakTransport sends the API key base64-encoded in a query parameter,
// which the recorder does not recognise as the secret.
type leakTransport struct{ next http.RoundTripper }

func (t leakTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	q := req.URL.Query()
	q.Set("auth", base64.StdEncoding.EncodeToString([]byte(apiKey)))
	req.URL.RawQuery = q.Encode()
	return t.next.RoundTrip(req)
}
