package robokassa

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

func TestRefundFlows(t *testing.T) {
	t.Parallel()
	four := rub("4.00")
	tests := []struct {
		name, file, order string
		mod               func(*Config)
		amount            *payments.Money
		kind              error
		code              string
	}{
		{name: "full, raw token", file: "refund_full.json", order: "1002"},
		{name: "partial 4.00", file: "refund_partial.json", order: "1002", amount: &four},
		{name: "full, JSON string body", file: "extra/refund_full_json_string.json", order: "1002", mod: func(c *Config) { c.RefundBody = BodyJSONString }},
		{name: "order unknown to OpStateExt", file: "refund_not_found.json", order: "1999", kind: payments.ErrNotFound, code: "3"},
		{name: "NotEnoughOperationFunds", file: "refund_insufficient_funds.json", order: "1004", kind: payments.ErrInsufficientFunds, code: "NotEnoughOperationFunds"},
		{name: "OperationNotFound", file: "extra/refund_operation_not_found.json", order: "1002", kind: payments.ErrNotFound, code: "OperationNotFound"},
		{name: "AlreadyRefunded", file: "extra/refund_already_refunded.json", order: "1002", kind: payments.ErrDuplicate, code: "AlreadyRefunded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, replay(t, tt.file), tt.mod)
			c, _ := payments.New(p, nil)
			r, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: tt.order, Reference: "r-1", Amount: tt.amount})
			if tt.kind != nil {
				var pe *payments.Error
				if !errors.Is(err, tt.kind) || !errors.As(err, &pe) || pe.Code != tt.code || pe.Op != payments.OpRefund {
					t.Fatalf("err = %#v, want %v with code %s", err, tt.kind, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// A full refund sends no RefundSum and Robokassa's Create
			// answer does not say how much it refunded (what was left), so
			// the provider reads Refund/GetState once: the fixture, in the
			// GetState shape of https://docs.robokassa.ru/ru/refund-api,
			// answers amount 10.000000, label "finished".
			want := &payments.Refund{
				ID: "68cd7fa6-1338-4745-ba5c-28d16cbcdb3d", OrderID: tt.order, Amount: rub("10.00"), Status: payments.StatusSucceeded,
				Raw:       map[string]string{"requestId": "68cd7fa6-1338-4745-ba5c-28d16cbcdb3d", "InvId": tt.order, "label": "finished"},
				Reference: "r-1", // the request's, filled in by the Client
			}
			if tt.amount != nil {
				want.Amount, want.Status = *tt.amount, payments.StatusProcessing
				delete(want.Raw, "label")
			}
			if diff := cmp.Diff(want, r); diff != "" {
				t.Errorf("refund (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRefundStatus(t *testing.T) {
	t.Parallel()
	p := newProvider(t, replay(t, "refund_status.json"), nil)
	c, _ := payments.New(p, nil)
	r, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-2"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.RefundStatus(t.Context(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := &payments.Refund{
		ID: r.ID, Amount: rub("10"), Status: payments.StatusSucceeded,
		Raw: map[string]string{"requestId": r.ID, "label": "finished"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RefundStatus (-want +got):\n%s", diff)
	}

	p = newProvider(t, replay(t, "extra/refund_state_not_found.json"), nil)
	_, err = p.RefundStatus(t.Context(), payments.RefundQuery{RefundID: "00000000-0000-0000-0000-000000000000"})
	var pe *payments.Error
	if !errors.Is(err, payments.ErrNotFound) || !errors.As(err, &pe) || pe.Message != "Id is invalid or request id does not exist" {
		t.Errorf("unknown refund id: %v", err)
	}
	for label, want := range map[string]payments.Status{"finished": "succeeded", "processing": "processing", "canceled": "canceled", "new": "unknown"} {
		if got := RefundStatusOf(label); got != want {
			t.Errorf("RefundStatusOf(%s) = %s, want %s", label, got, want)
		}
	}
}

// https://docs.robokassa.ru/ru/refund-api: header {"alg":"HS256","typ":"JWT"}, compact payload,
// key Password3; the token verifies with golang-jwt's parser.
func TestRefundToken(t *testing.T) {
	t.Parallel()
	items := []InvoiceItem{{Name: "Тестовый товар-1", Quantity: decimal.NewFromInt(1), Cost: decimal.NewFromInt(1), Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity"}}
	for _, alg := range []string{"HS256", "HS384", "HS512"} {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, func(c *Config) { c.RefundAlgorithm = alg })
			// The payload of the docs' example token
			// (https://docs.robokassa.ru/ru/refund-api).
			tok, err := p.RefundToken(RefundCreate{OpKey: "0005F891-8CCD-434B-8455-816AFFFDBF37-0VOisWikFF", Sum: decimal.NewFromInt(1), Items: items})
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(tok, ".")
			h, _ := base64.RawURLEncoding.DecodeString(parts[0])
			pl, _ := base64.RawURLEncoding.DecodeString(parts[1])
			if got, want := string(h), `{"alg":"`+alg+`","typ":"JWT"}`; got != want {
				t.Errorf("header = %s, want %s", got, want)
			}
			const wantPayload = `{"OpKey":"0005F891-8CCD-434B-8455-816AFFFDBF37-0VOisWikFF","RefundSum":1,"InvoiceItems":[{"Name":"Тестовый товар-1","Quantity":1,"Cost":1,"Tax":"vat20","PaymentMethod":"full_payment","PaymentObject":"commodity"}]}`
			if string(pl) != wantPayload {
				t.Errorf("payload = %s\nwant      %s", pl, wantPayload)
			}
			parsed, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return []byte(goldenPass3), nil }, jwt.WithValidMethods([]string{alg}))
			if err != nil || !parsed.Valid {
				t.Errorf("golang-jwt rejects the token: %v", err)
			}
		})
	}
}

func TestRefundErrors(t *testing.T) {
	t.Parallel()
	opOK := `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>10.000000</OutSum><OpKey>K</OpKey></Info></OperationStateResponse>`
	tests := []struct {
		name   string
		status int
		body   string
		kind   error
	}{
		{"unknown refusal", 200, `{"success":false,"message":"SomethingElse","requestId":null}`, payments.ErrDeclined},
		{"HTTP 500", 500, `oops`, payments.ErrOutcomeUnknown},
		{"HTTP 400 without JSON", 400, `bad`, payments.ErrInvalidRequest},
		{"malformed JSON", 200, `{"success":tru`, payments.ErrOutcomeUnknown},
		{"no success field", 200, `{}`, payments.ErrOutcomeUnknown},
		{"success without requestId", 200, `{"success":true}`, payments.ErrOutcomeUnknown},
		{"HTTP 400 with a refusal", 400, `{"success":false,"message":"NotEnoughOperationFunds"}`, payments.ErrInsufficientFunds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := 0
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				n++
				if strings.HasSuffix(r.URL.Path, "OpStateExt") {
					return textResponse(200, opOK), nil
				}
				return textResponse(tt.status, tt.body), nil
			})
			p := newProvider(t, rt, nil)
			if _, err := p.Refund(t.Context(), &payments.RefundRequest{OrderID: "5"}); !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
			if n != 2 {
				t.Errorf("%d requests, want OpStateExt and one Create", n)
			}
		})
	}
	// Not paid: no OpKey, no Create.
	rt, reqs := respond(200, "text/xml", `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>5</Code></State></OperationStateResponse>`)
	if _, err := newProvider(t, rt, nil).Refund(t.Context(), &payments.RefundRequest{OrderID: "5"}); !errors.Is(err, payments.ErrInvalidRequest) || len(*reqs) != 1 {
		t.Errorf("unpaid order: %v after %d requests", err, len(*reqs))
	}
	// Without Password3: unsupported, nothing sent.
	rt, reqs = respond(200, "text/xml", opOK)
	if _, err := newProvider(t, rt, func(c *Config) { c.Password3 = "" }).Refund(t.Context(), &payments.RefundRequest{OrderID: "5"}); !errors.Is(err, errors.ErrUnsupported) || len(*reqs) != 0 {
		t.Errorf("no Password3: %v after %d requests", err, len(*reqs))
	}
	// A refund in another currency or with a receipt that cannot be unit-priced.
	p := newProvider(t, nil, nil)
	usd := payments.MustParseMoney("1", payments.USD)
	if _, err := p.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Amount: &usd}); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("USD refund: %v", err)
	}
	three := &payments.Receipt{Items: []payments.ReceiptItem{{Name: "x", Quantity: decimal.NewFromInt(3), Amount: rub("10"), Tax: "none"}}}
	if _, err := p.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Receipt: three}); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("10.00 / 3 receipt: %v", err)
	}
}

// A refund with receipt lines sends them unit-priced (InvoiceItems of
// https://docs.robokassa.ru/ru/refund-api).
func TestRefundWithReceipt(t *testing.T) {
	t.Parallel()
	opOK := `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>100</Code></State><Info><OutSum>10.000000</OutSum><OpKey>K</OpKey></Info></OperationStateResponse>`
	var body string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "OpStateExt") {
			return textResponse(200, opOK), nil
		}
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		if ct := r.Header.Get("Content-Type"); ct != "application/jwt" {
			t.Errorf("Content-Type = %s", ct)
		}
		return textResponse(200, `{"success":true,"message":null,"requestId":"r1"}`), nil
	})
	p := newProvider(t, rt, nil)
	four := rub("4")
	rec := &payments.Receipt{Items: []payments.ReceiptItem{{Name: "Товар", Quantity: decimal.NewFromInt(2), Amount: rub("4"), Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity"}}}
	if _, err := p.Refund(t.Context(), &payments.RefundRequest{OrderID: "5", Amount: &four, Receipt: rec}); err != nil {
		t.Fatal(err)
	}
	pl, _ := base64.RawURLEncoding.DecodeString(strings.Split(body, ".")[1])
	want := `{"OpKey":"K","RefundSum":4,"InvoiceItems":[{"Name":"Товар","Quantity":2,"Cost":2,"Tax":"vat20","PaymentMethod":"full_payment","PaymentObject":"commodity"}]}`
	if string(pl) != want {
		t.Errorf("payload = %s, want %s", pl, want)
	}
}

// roundTripFunc is an httpmock transport answering every request with f.
func roundTripFunc(f func(*http.Request) (*http.Response, error)) http.RoundTripper {
	tr := httpmock.NewMockTransport()
	tr.RegisterNoResponder(f)
	return tr
}

func textResponse(status int, body string) *http.Response {
	return httpmock.NewStringResponse(status, body)
}

func TestRefundTokenValidation(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	ok := InvoiceItem{Name: "x", Quantity: decimal.NewFromInt(1), Cost: decimal.NewFromInt(1), Tax: "none"}
	with := func(mod func(*InvoiceItem)) []InvoiceItem {
		it := ok
		mod(&it)
		return []InvoiceItem{it}
	}
	bad := map[string]RefundCreate{
		"no OpKey":            {},
		"OpKey with a space":  {OpKey: "a b"},
		"negative sum":        {OpKey: "K", Sum: decimal.NewFromInt(-1)},
		"three-decimal sum":   {OpKey: "K", Sum: decimal.RequireFromString("1.001")},
		"item without name":   {OpKey: "K", Items: with(func(i *InvoiceItem) { i.Name = "" })},
		"item name too long":  {OpKey: "K", Items: with(func(i *InvoiceItem) { i.Name = strings.Repeat("x", 129) })},
		"item zero quantity":  {OpKey: "K", Items: with(func(i *InvoiceItem) { i.Quantity = decimal.Zero })},
		"item zero cost":      {OpKey: "K", Items: with(func(i *InvoiceItem) { i.Cost = decimal.Zero })},
		"item unknown tax":    {OpKey: "K", Items: with(func(i *InvoiceItem) { i.Tax = "vat18" })},
		"item unknown method": {OpKey: "K", Items: with(func(i *InvoiceItem) { i.PaymentMethod = "cash" })},
		"item unknown object": {OpKey: "K", Items: with(func(i *InvoiceItem) { i.PaymentObject = "thing" })},
		"more than 100 items": {OpKey: "K", Items: make([]InvoiceItem, 101)},
	}
	for name, rc := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := p.RefundToken(rc); !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("RefundToken err = %v", err)
			}
		})
	}
	if _, err := newProvider(t, nil, func(c *Config) { c.Password3 = "" }).RefundToken(RefundCreate{OpKey: "K"}); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("without Password3: %v", err)
	}
	if _, err := p.RefundState(t.Context(), ""); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("empty refund id: %v", err)
	}
}
