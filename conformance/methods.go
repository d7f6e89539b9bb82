package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/paykit/payments"
)

// This file holds the scenarios of the payment methods a provider
// declares (Capabilities.PaymentMethods): one payment_method_<method> per
// method, which lifecycle_local.go's unsupported_payment_method and
// invalid_payment_method check in the other direction.
//
// They stay out of the transport faults (faultscenarios.go): the exchange
// of InitPayment that moves money is the same with or without a method
// and is faulted through init_redirect; what a method adds after it (such
// as T-Bank's GetQr of an SBP payment) hands the buyer the way to pay, so
// that when it fails nothing payable was handed out, which the rule for
// reads after the money moved does not describe.

// methodOrderBase is the order id of payment_method_card; each method's
// order id is it plus the method's index in payments.PaymentMethods
// ("3301", "3302", ...), numeric for providers with numeric order ids.
const methodOrderBase = 3301

// methodOrder returns the order id of payment_method_<m>.
func methodOrder(m payments.PaymentMethod) string {
	return fmt.Sprint(methodOrderBase + slices.Index(payments.PaymentMethods(), m))
}

// declares reports whether a provider with caps declares m.
func declares(m payments.PaymentMethod) func(payments.Capabilities) bool {
	return func(c payments.Capabilities) bool { return slices.Contains(c.PaymentMethods, m) }
}

// methodScenarios returns payment_method_<m> for every payment method; each
// applies when the provider declares its method.
func methodScenarios() []Scenario {
	var out []Scenario
	for _, m := range payments.PaymentMethods() {
		out = append(out, Scenario{
			Name: "payment_method_" + string(m), Op: payments.OpInitPayment, applies: declares(m),
			Rule: "a payment preselecting " + string(m) + ", a declared method (neither a hold nor a recurring parent), " +
				"is pending or requires_action with a redirect or form to an absolute http(s) URL, is then found pending " +
				"by its order id for the same amount, and the method reaches the provider's requests or the buyer's next step",
			run: func(e *env) { paymentMethod(e, m) },
		})
	}
	return out
}

// paymentMethod runs payment_method_<m>. The payment is started through a
// provider of its own, built as the scenario's was, whose exchanges are
// kept: the same payment without the method is then started over them
// (see honoured).
func paymentMethod(e *env, m payments.PaymentMethod) {
	order := methodOrder(m)
	req := e.initReq(order)
	req.PaymentMethod = m
	log := &exchangeLog{next: e.wire}
	p, err := suiteClient(e.t, e.newProvider(e.t, log)).InitPayment(e.ctx(), req)
	if !e.expectPayment(p, err, payments.StatusPending, payments.StatusRequiresAction) {
		return
	}
	if !e.browserStep(p.NextStep) {
		return
	}
	local := len(log.exchanges()) == 0
	got, err := e.client.PaymentStatus(e.ctx(), order)
	switch {
	case local && errors.Is(err, payments.ErrNotFound):
		// InitPayment sent nothing: the payment link was computed
		// locally, and the provider learns of the payment only when the
		// buyer opens it.
	case e.expectPayment(got, err, payments.StatusPending, payments.StatusRequiresAction):
		if got.OrderID != "" && got.OrderID != order {
			e.failf("the lookup of order %s answered order %q", order, got.OrderID)
		}
		if !got.Amount.IsZero() && !got.Amount.Equal(req.Amount) {
			e.failf("the payment of order %s is reported for %s, want %s", order, got.Amount, req.Amount)
		}
	}
	e.honoured(req, p, log.exchanges())
}

// browserStep checks that step is one a browser can follow: a redirect or a
// form to post, to an absolute http or https URL.
func (e *env) browserStep(step payments.NextStep) bool {
	e.t.Helper()
	if step.Kind != payments.NextRedirect && step.Kind != payments.NextPostForm {
		e.failf("next step %q, want a redirect or a form for the buyer", step.Kind)
		return false
	}
	u, err := url.Parse(step.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		e.failf("next step %s to %q, want an absolute http or https URL", step.Kind, step.URL)
		return false
	}
	return true
}

// honoured checks that the method of req reached the provider or the
// buyer: InitPayment of the same request without it, answered with the
// responses of exchanges in turn, must send other requests or return
// another next step than p's. A provider that sends and returns the same
// with or without the method has ignored it.
func (e *env) honoured(req *payments.InitRequest, p *payments.Payment, exchanges []Exchange) {
	e.t.Helper()
	plain := *req
	plain.PaymentMethod = ""
	echo := &echoTransport{answers: exchanges}
	q, err := suiteClient(e.t, e.newProvider(e.t, echo)).InitPayment(e.ctx(), &plain)
	if err != nil || !sameRequests(exchanges, echo.sent) || !sameStep(p.NextStep, q.NextStep) {
		return
	}
	e.failf("the provider ignored payment method %s: InitPayment sent the same %d requests and returned the same next step (%s %s) as without it",
		req.PaymentMethod, len(exchanges), p.NextStep.Kind, p.NextStep.URL)
}

// sameStep reports whether a and b send the buyer the same way.
func sameStep(a, b payments.NextStep) bool {
	return a.Kind == b.Kind && a.URL == b.URL && slices.Equal(a.Fields, b.Fields)
}

// sameRequests reports whether sent are the requests of exchanges.
func sameRequests(exchanges []Exchange, sent []Request) bool {
	if len(exchanges) != len(sent) {
		return false
	}
	for i, ex := range exchanges {
		if ex.Request.match(sent[i]) != "" {
			return false
		}
	}
	return true
}

// exchangeLog is a transport that keeps every exchange it forwards to
// next, request and response, unscrubbed: only the scenario sees them. It
// reads each response whole, so it carries no injected fault.
type exchangeLog struct {
	next http.RoundTripper

	mu  sync.Mutex
	log []Exchange
}

// RoundTrip implements http.RoundTripper.
func (l *exchangeLog) RoundTrip(req *http.Request) (*http.Response, error) {
	req, body, resp, respBody, err := roundTripWhole(l.next, req)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.log = append(l.log, Exchange{
		Request:  requestFromHTTP(req, body),
		Response: Response{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: string(respBody)},
	})
	l.mu.Unlock()
	return resp, nil
}

func (l *exchangeLog) exchanges() []Exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.log)
}

// echoTransport answers the requests sent through it with the responses of
// answers in turn, whatever they ask, and keeps them; it fails any request
// beyond the last answer as if the connection could not be opened.
type echoTransport struct {
	answers []Exchange

	mu   sync.Mutex
	sent []Request
}

// RoundTrip implements http.RoundTripper.
func (t *echoTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	t.mu.Lock()
	i := len(t.sent)
	t.sent = append(t.sent, requestFromHTTP(req, body))
	t.mu.Unlock()
	if i >= len(t.answers) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("no answer left (conformance)")}
	}
	rec := t.answers[i].Response
	return buildResponse(req, rec, bytes.NewReader([]byte(rec.Body))), nil
}
