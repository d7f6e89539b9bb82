package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/conformance"
	"github.com/paykit/payments/providerkit"
)

// stepper is a tiny provider whose refund takes three exchanges: it reads
// the payment, creates the refund (the exchange that moves money), then
// reads the refund back, and keeps the refund made when that last read
// fails. It exercises faults in every exchange of an operation that moves
// money, which the fake (one exchange per operation) cannot.
type stepper struct {
	client *http.Client
	// declare sends through providerkit.Do, which declares each exchange;
	// without it the stepper is a third-party provider that declares
	// nothing, and the suite cannot tell its reads from the exchange that
	// moves money: it treats a failed read after the money moved as an
	// unknown outcome, and a failed first read as unavailable or unknown.
	declare bool
	bug     stepperBug
}

// stepperBug is one way the stepper can be wrong.
type stepperBug string

const (
	failsAfterMoney   stepperBug = "fails the refund when reading it back fails"
	resendsAfterRead  stepperBug = "resends the refund when reading it back fails"
	declaresAllReads  stepperBug = "declares the refund's exchange a read"
	unknownAfterRead  stepperBug = "says the outcome is unknown when its first read failed"
	retriesUndeclared stepperBug = "declares nothing and sends its first exchange again"
)

const stepperName = "stepper"

func (s *stepper) Name() string { return stepperName }

// Capabilities declares euros only, so that the suite is run in another
// currency than the fake's roubles.
func (s *stepper) Capabilities() payments.Capabilities {
	return payments.Capabilities{
		Operations:      []payments.Operation{payments.OpInitPayment, payments.OpPaymentStatus, payments.OpRefund},
		Currencies:      []payments.Currency{payments.EUR},
		LookupByOrderID: true,
	}
}

// stepperPayment is the stepper's payment and refund on the wire.
type stepperPayment struct {
	ID       string `json:"id"`
	Order    string `json:"order,omitempty"`
	Status   string `json:"status"`
	Amount   string `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
	URL      string `json:"url,omitempty"`
}

func (p stepperPayment) money() payments.Money {
	m, _ := payments.ParseMoney(p.Amount, payments.Currency(p.Currency))
	return m
}

// do sends one exchange and decodes a 200 answer into out.
func (s *stepper) do(ctx context.Context, ex providerkit.Exchange, method, path string, in, out any) error {
	if s.bug == declaresAllReads {
		ex.MovesMoney = false
	}
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "https://stepper.invalid"+path, body)
	if err != nil {
		return providerkit.Stamp(stepperName, ex.Op, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	status, data, err := s.send(ctx, req, ex)
	if err != nil {
		return providerkit.Stamp(stepperName, ex.Op, err)
	}
	if status != http.StatusOK {
		return providerkit.Stamp(stepperName, ex.Op, providerkit.StatusError(ex, status, "", ""))
	}
	if err := json.Unmarshal(data, out); err != nil {
		return providerkit.Stamp(stepperName, ex.Op, providerkit.ProtocolError(ex, err))
	}
	return nil
}

// send sends req through providerkit.Do, or, for a stepper that declares
// nothing, through its client with the same classification.
func (s *stepper) send(ctx context.Context, req *http.Request, ex providerkit.Exchange) (int, []byte, error) {
	if s.declare {
		resp, err := providerkit.Do(ctx, s.client, req, ex)
		if err != nil {
			return 0, nil, err
		}
		return resp.StatusCode, resp.Body, nil
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, providerkit.TransportError(ctx, ex, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, providerkit.MaxResponseBytes+1))
	if err != nil {
		return 0, nil, providerkit.TransportError(ctx, ex, err)
	}
	if len(data) > providerkit.MaxResponseBytes {
		kind := payments.ErrProtocol
		if ex.MovesMoney {
			kind = payments.ErrOutcomeUnknown
		}
		return 0, nil, &payments.Error{Op: ex.Op, Kind: kind, Message: "answer too large"}
	}
	return resp.StatusCode, data, nil
}

func (s *stepper) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	op := payments.OpInitPayment
	var p stepperPayment
	in := stepperPayment{Order: req.OrderID, Amount: req.Amount.Format(), Currency: string(req.Amount.Currency)}
	if err := s.do(ctx, providerkit.Moving(op), http.MethodPost, "/payments", in, &p); err != nil {
		return nil, err
	}
	created := &payments.Payment{OrderID: req.OrderID, ID: p.ID, Status: payments.Status(p.Status), Amount: req.Amount,
		NextStep: payments.NextStep{Kind: payments.NextRedirect, URL: p.URL}}
	var got stepperPayment
	if err := s.do(ctx, s.readBack(op), http.MethodGet, "/payments/"+url.PathEscape(req.OrderID), nil, &got); err != nil {
		if !s.declare {
			return nil, err
		}
		return created, nil // the payment was made; its state is as created
	}
	created.Status = payments.Status(got.Status)
	return created, nil
}

// readBack is the Exchange of the read that follows the exchange that
// moved money: a read, or, for a stepper that declares nothing, as the
// exchange it follows, since its failure is then an unknown outcome.
func (s *stepper) readBack(op payments.Operation) providerkit.Exchange {
	if s.declare {
		return providerkit.Read(op)
	}
	return providerkit.Moving(op)
}

func (s *stepper) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	var p stepperPayment
	if err := s.do(ctx, providerkit.Read(payments.OpPaymentStatus), http.MethodGet, "/payments/"+url.PathEscape(q.OrderID), nil, &p); err != nil {
		return nil, err
	}
	return &payments.Payment{OrderID: p.Order, ID: p.ID, Status: payments.Status(p.Status), Amount: p.money()}, nil
}

func (s *stepper) Refund(ctx context.Context, req *payments.RefundRequest) (*payments.Refund, error) {
	op := payments.OpRefund
	var p stepperPayment
	read := func() error {
		return s.do(ctx, providerkit.Read(op), http.MethodGet, "/payments/"+url.PathEscape(req.OrderID), nil, &p)
	}
	err := read()
	if errors.Is(err, payments.ErrUnavailable) && (s.declare || s.bug == retriesUndeclared) {
		err = read() // a read may be tried again; nothing has moved yet
	}
	if err != nil {
		if s.bug == unknownAfterRead || !s.declare && !errors.Is(err, payments.ErrUnavailable) {
			// An answer it cannot judge: the refund may or may not be
			// possible, but a third party cannot say it was not sent.
			return nil, &payments.Error{Op: op, Provider: stepperName, Kind: payments.ErrOutcomeUnknown, Err: err}
		}
		return nil, err
	}
	in := map[string]string{"payment": p.ID, "reference": req.Reference}
	var made stepperPayment
	if err := s.do(ctx, providerkit.Moving(op), http.MethodPost, "/refunds", in, &made); err != nil {
		return nil, err
	}
	var got stepperPayment
	if err := s.do(ctx, s.readBack(op), http.MethodGet, "/refunds/"+url.PathEscape(made.ID), nil, &got); err != nil {
		switch {
		case s.bug == failsAfterMoney || !s.declare:
			return nil, err
		case s.bug == resendsAfterRead:
			_ = s.do(ctx, providerkit.Moving(op), http.MethodPost, "/refunds", in, &made)
		}
		// The refund was made; only its state is not known yet.
		return &payments.Refund{ID: made.ID, OrderID: req.OrderID, Status: payments.StatusPending}, nil
	}
	return &payments.Refund{ID: got.ID, OrderID: req.OrderID, Status: payments.Status(got.Status), Amount: got.money()}, nil
}

func (s *stepper) RefundStatus(context.Context, payments.RefundQuery) (*payments.Refund, error) {
	return nil, errors.ErrUnsupported
}

// stepperFixtures writes the stepper's fixtures into dir: what its three
// scenarios send and what a server of its simple API answers.
func stepperFixtures(t *testing.T, dir string) {
	t.Helper()
	json := func(v any) json.RawMessage {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	answer := func(v any) conformance.Response {
		return conformance.Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(json(v))}
	}
	paid := conformance.Exchange{
		Request:  conformance.Request{Method: http.MethodGet, Path: "/payments/1002"},
		Response: answer(stepperPayment{ID: "p2", Order: "1002", Status: "succeeded", Amount: "10.00", Currency: "EUR"}),
	}
	fixtures := []conformance.Fixture{
		{Scenario: "status_succeeded", Exchanges: []conformance.Exchange{paid}},
		{Scenario: "init_redirect", Exchanges: []conformance.Exchange{
			{
				Request: conformance.Request{Method: http.MethodPost, Path: "/payments",
					JSON: json(stepperPayment{Order: "1001", Amount: "10.00", Currency: "EUR"})},
				Response: answer(stepperPayment{ID: "p1", Order: "1001", Status: "pending", URL: "https://pay.stepper.invalid/p1"}),
			},
			{
				Request:  conformance.Request{Method: http.MethodGet, Path: "/payments/1001"},
				Response: answer(stepperPayment{ID: "p1", Order: "1001", Status: "pending", Amount: "10.00", Currency: "EUR"}),
			},
		}},
		{Scenario: "refund_full", Exchanges: []conformance.Exchange{
			paid,
			{
				Request:  conformance.Request{Method: http.MethodPost, Path: "/refunds", JSON: json(map[string]string{"payment": "p2", "reference": "r-1"})},
				Response: answer(stepperPayment{ID: "rf1", Status: "pending"}),
			},
			{
				Request:  conformance.Request{Method: http.MethodGet, Path: "/refunds/rf1"},
				Response: answer(stepperPayment{ID: "rf1", Status: "succeeded", Amount: "10.00", Currency: "EUR"}),
			},
		}},
	}
	for _, fx := range fixtures {
		fx.Source = "written by stepperFixtures for the stepper's API"
		if err := fx.Save(dir); err != nil {
			t.Fatal(err)
		}
	}
}

// stepperHarness is the stepper's harness over fixtures in a new
// directory; the scenarios it has no fixtures for are skipped.
func stepperHarness(t *testing.T, declare bool, bug stepperBug) conformance.Harness {
	dir := t.TempDir()
	stepperFixtures(t, dir)
	skip := map[string]string{}
	for _, name := range []string{
		"status_pending", "status_failed", "status_not_found", "refund_not_found",
		"refund_reference_twice", "refund_lookup_by_reference",
	} {
		skip[name] = "the stepper only has fixtures for init_redirect, status_succeeded and refund_full"
	}
	return conformance.Harness{
		Name:       stepperName,
		FixtureDir: dir,
		NewProvider: func(_ *testing.T, rt http.RoundTripper) payments.Provider {
			client := &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			return &stepper{client: client, declare: declare, bug: bug}
		},
		Skip: skip,
	}
}

// A provider whose refund takes three exchanges passes the suite, whether
// it declares them (providerkit.Do) or not: a fault in its first read
// fails as a read, in the refund as an unknown outcome, and in the read
// that follows the refund leaves the refund made.
func TestConformanceStepper(t *testing.T) {
	t.Run("declared", func(t *testing.T) { conformance.Run(t, stepperHarness(t, true, "")) })
	t.Run("undeclared", func(t *testing.T) { conformance.Run(t, stepperHarness(t, false, "")) })
}
