package paymentstest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/paymentstest"
	"github.com/shopspring/decimal"
)

func newHTTPProvider(t *testing.T, baseURL string, client *http.Client) *paymentstest.HTTPProvider {
	t.Helper()
	p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{
		BaseURL: baseURL, APIKey: paymentstest.DefaultAPIKey, WebhookSecret: paymentstest.DefaultWebhookSecret, HTTPClient: client,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// serve runs a fake's Handler on a loopback httptest.Server and returns the
// fake and an HTTPProvider that talks to it.
func serve(t *testing.T) (*paymentstest.Fake, *paymentstest.HTTPProvider) {
	t.Helper()
	f := newFake(t)
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	return f, newHTTPProvider(t, srv.URL+"/", srv.Client())
}

type fullProvider interface {
	payments.Provider
	payments.Refunder
	payments.BalanceReader
	payments.Withdrawer
}

// errSummary is what must survive the trip over HTTP of an error: its
// category, the provider's code and message.
func errSummary(err error) string {
	if err == nil {
		return ""
	}
	kinds := []error{payments.ErrInvalidRequest, payments.ErrInvalidSignature, payments.ErrNotFound, payments.ErrDeclined,
		payments.ErrInsufficientFunds, payments.ErrUnauthorized, payments.ErrRateLimited, payments.ErrUnavailable,
		payments.ErrOutcomeUnknown, payments.ErrProtocol, payments.ErrDuplicate, payments.ErrAmountMismatch, errors.ErrUnsupported}
	kind := "unclassified"
	for _, k := range kinds {
		if errors.Is(err, k) {
			kind = k.Error()
			break
		}
	}
	var pe *payments.Error
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s [%s] %s", kind, pe.Code, pe.Message)
	}
	return kind + " " + err.Error()
}

// TestHTTPParity runs one story in process and over HTTP: the replies and
// errors must be the same.
func TestHTTPParity(t *testing.T) {
	t.Parallel()
	type step struct {
		name string
		do   func(ctx context.Context, p fullProvider, f *paymentstest.Fake) (any, error)
	}
	initWith := func(r *payments.InitRequest) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.InitPayment(ctx, r)
		}
	}
	status := func(id string) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.PaymentStatus(ctx, payments.PaymentQuery{OrderID: id})
		}
	}
	refund := func(r *payments.RefundRequest) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) { return p.Refund(ctx, r) }
	}
	withdraw := func(r *payments.WithdrawalRequest) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.Withdraw(ctx, r)
		}
	}
	payout := func(q payments.WithdrawalQuery) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.WithdrawalStatus(ctx, q)
		}
	}
	balance := func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
		return p.Balance(ctx, payments.BalanceQuery{Currency: payments.RUB})
	}
	control := func(fn func(*paymentstest.Fake) error) func(context.Context, fullProvider, *paymentstest.Fake) (any, error) {
		return func(_ context.Context, _ fullProvider, f *paymentstest.Fake) (any, error) { return nil, fn(f) }
	}
	full := &payments.InitRequest{
		OrderID: "1001", Amount: rub("10.00"), Description: "Order 1001", Email: "buyer@example.com", Language: "en",
		SuccessURL: "https://shop.example/success", FailURL: "https://shop.example/fail", NotificationURL: "https://shop.example/webhooks",
		ExpiresAt: fixedNow.Add(time.Hour), Metadata: map[string]string{"cart": "42", "utm": "mail"},
		Receipt: &payments.Receipt{TaxSystem: "osn", Items: []payments.ReceiptItem{{
			Name: "Book", Quantity: decimal.NewFromInt(2), Amount: rub("10.00"), Tax: "vat20", PaymentMethod: "full_payment", PaymentObject: "commodity",
		}}},
	}
	threeDS := &payments.InitRequest{OrderID: "1011", Amount: rub("10.00"), Card: card(), Browser: browser(), SuccessURL: "https://shop.example/success"}
	steps := []step{
		{"init redirect", initWith(full)},
		{"init card", initWith(&payments.InitRequest{OrderID: "1010", Amount: rub("10.00"), Card: card()})},
		{"init 3ds", initWith(threeDS)},
		{"init declined", initWith(&payments.InitRequest{OrderID: "1012", Amount: rub("10.00"), Card: &payments.Card{
			Number: paymentstest.DeclinedCard, ExpMonth: 1, ExpYear: 2030, CVC: "123"}})},
		{"init duplicate", initWith(full)},
		{"init undeclared currency", initWith(&payments.InitRequest{OrderID: "1013", Amount: payments.MustParseMoney("10", "JPY")})},
		{"status pending", status("1001")},
		{"status succeeded", status("1010")},
		{"status requires action", status("1011")},
		{"status failed", status("1012")},
		{"status not found", status("1999")},
		{"refund not paid", refund(&payments.RefundRequest{OrderID: "1001"})},
		{"mark paid", control(func(f *paymentstest.Fake) error { return f.MarkPaid("1001") })},
		{"status paid", status("1001")},
		{"refund partial", refund(&payments.RefundRequest{OrderID: "1001", Amount: ptr(rub("4.00")), Reason: "broken"})},
		{"refund too much", refund(&payments.RefundRequest{OrderID: "1001", Amount: ptr(rub("7.00"))})},
		{"refund status", func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.RefundStatus(ctx, payments.RefundQuery{RefundID: "ref_1"})
		}},
		{"refund status not found", func(ctx context.Context, p fullProvider, _ *paymentstest.Fake) (any, error) {
			return p.RefundStatus(ctx, payments.RefundQuery{RefundID: "ref_9"})
		}},
		{"status partially refunded", status("1001")},
		{"balance", balance},
		{"set balance low", control(func(f *paymentstest.Fake) error { f.SetBalance(rub("1.00")); return nil })},
		{"refund insufficient funds", refund(&payments.RefundRequest{OrderID: "1010"})},
		{"refund not found", refund(&payments.RefundRequest{OrderID: "1999"})},
		{"set balance", control(func(f *paymentstest.Fake) error { f.SetBalance(rub("100.00")); return nil })},
		{"withdraw", withdraw(&payments.WithdrawalRequest{OrderID: "2001", Amount: rub("50.00"), Card: card()})},
		{"withdraw duplicate", withdraw(&payments.WithdrawalRequest{OrderID: "2001", Amount: rub("1.00"), Card: card()})},
		{"withdraw insufficient funds", withdraw(&payments.WithdrawalRequest{OrderID: "2002", Amount: rub("1000000.00"), Card: card()})},
		{"payout by id", payout(payments.WithdrawalQuery{ID: "wd_1"})},
		{"fail payout", control(func(f *paymentstest.Fake) error {
			return f.FailWithdrawal("wd_1", "card_blocked", "the card is blocked")
		})},
		{"payout by order", payout(payments.WithdrawalQuery{OrderID: "2001"})},
		{"payout not found", payout(payments.WithdrawalQuery{OrderID: "2999"})},
		{"balance after failed payout", balance},
	}
	local := newFake(t)
	remoteFake, remote := serve(t)
	for _, s := range steps {
		want, wantErr := s.do(t.Context(), local, local)
		got, gotErr := s.do(t.Context(), remote, remoteFake)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: reply over HTTP differs (-in process +HTTP):\n%s", s.name, diff)
		}
		if diff := cmp.Diff(errSummary(wantErr), errSummary(gotErr)); diff != "" {
			t.Errorf("%s: error over HTTP differs (-in process +HTTP):\n%s", s.name, diff)
		}
	}
	if local.Calls(payments.OpInitPayment) != remoteFake.Calls(payments.OpInitPayment) {
		t.Errorf("calls differ: %d in process, %d over HTTP", local.Calls(payments.OpInitPayment), remoteFake.Calls(payments.OpInitPayment))
	}
}

// TestHTTPErrorMapping sends each category of failure through the API (with
// FailNext) and checks what the HTTPProvider makes of it.
func TestHTTPErrorMapping(t *testing.T) {
	t.Parallel()
	read := func(ctx context.Context, p *paymentstest.HTTPProvider) error {
		_, err := p.PaymentStatus(ctx, payments.PaymentQuery{OrderID: "1001"})
		return err
	}
	move := func(ctx context.Context, p *paymentstest.HTTPProvider) error {
		_, err := p.Refund(ctx, &payments.RefundRequest{OrderID: "1001"})
		return err
	}
	tests := []struct {
		name     string
		op       payments.Operation
		call     func(context.Context, *paymentstest.HTTPProvider) error
		injected error
		kind     error
		code     string
	}{
		{"400 invalid request", payments.OpRefund, move, payments.NewError(payments.ErrInvalidRequest, "bad_amount", "no"), payments.ErrInvalidRequest, "bad_amount"},
		{"400 invalid signature", payments.OpRefund, move, payments.NewError(payments.ErrInvalidSignature, "", "bad"), payments.ErrInvalidSignature, "invalid_signature"},
		{"400 unsupported", payments.OpRefund, move, payments.NewError(errors.ErrUnsupported, "no_refunds", ""), errors.ErrUnsupported, "no_refunds"},
		{"401 unauthorized", payments.OpPaymentStatus, read, payments.NewError(payments.ErrUnauthorized, "key_revoked", ""), payments.ErrUnauthorized, "key_revoked"},
		{"402 insufficient funds", payments.OpRefund, move, payments.NewError(payments.ErrInsufficientFunds, "insufficient_funds", "low"), payments.ErrInsufficientFunds, "insufficient_funds"},
		{"402 declined", payments.OpRefund, move, payments.NewError(payments.ErrDeclined, "do_not_honor", "bank says no"), payments.ErrDeclined, "do_not_honor"},
		{"404 not found", payments.OpPaymentStatus, read, payments.NewError(payments.ErrNotFound, "", ""), payments.ErrNotFound, "not_found"},
		{"409 duplicate", payments.OpRefund, move, payments.NewError(payments.ErrDuplicate, "duplicate", ""), payments.ErrDuplicate, "duplicate"},
		{"422 amount mismatch", payments.OpRefund, move, payments.NewError(payments.ErrAmountMismatch, "", ""), payments.ErrAmountMismatch, "amount_mismatch"},
		{"429 rate limited", payments.OpPaymentStatus, read, payments.NewError(payments.ErrRateLimited, "", ""), payments.ErrRateLimited, "rate_limited"},
		{"503 on a read is unavailable", payments.OpPaymentStatus, read, payments.NewError(payments.ErrUnavailable, "maintenance", ""), payments.ErrUnavailable, "maintenance"},
		{"503 on a refund is outcome unknown", payments.OpRefund, move, payments.NewError(payments.ErrUnavailable, "maintenance", ""), payments.ErrOutcomeUnknown, "maintenance"},
		{"500 on a read is unavailable", payments.OpPaymentStatus, read, errors.New("database on fire"), payments.ErrUnavailable, "internal"},
		{"500 on a refund is outcome unknown", payments.OpRefund, move, payments.Errorf(payments.ErrProtocol, "oops"), payments.ErrOutcomeUnknown, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, p := serve(t)
			f.FailNext(tt.op, tt.injected)
			err := tt.call(t.Context(), p)
			wantKind(t, err, tt.kind)
			var pe *payments.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *payments.Error", err)
			}
			if pe.Code != tt.code || pe.Op != tt.op || pe.Provider != "fake" {
				t.Errorf("code %q op %q provider %q, want %q %q fake", pe.Code, pe.Op, pe.Provider, tt.code, tt.op)
			}
			if n := f.Calls(tt.op); n != 1 {
				t.Errorf("the fake saw %d calls, want 1", n)
			}
		})
	}
}

func TestHTTPUnauthorized(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	for _, key := range []string{"wrong-key", "fake-api-key2", "FAKE-API-KEY"} {
		p, err := paymentstest.NewHTTPProvider(paymentstest.HTTPConfig{BaseURL: srv.URL, APIKey: payments.Secret(key), WebhookSecret: "s", HTTPClient: srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.InitPayment(t.Context(), initReq("1001", "10.00"))
		wantKind(t, err, payments.ErrUnauthorized)
		if strings.Contains(err.Error(), key) {
			t.Errorf("error %q shows the key", err)
		}
	}
	if n := f.Calls(payments.OpInitPayment); n != 0 {
		t.Errorf("unauthorized requests reached the fake %d times", n)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/balance?currency=RUB", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no Authorization: %d, want 401", resp.StatusCode)
	}
}

func TestHTTPOrderIDsAreEscaped(t *testing.T) {
	t.Parallel()
	f, p := serve(t)
	const id = "A/1 ?#%2F"
	if _, err := p.InitPayment(t.Context(), initReq(id, "10.00")); err != nil {
		t.Fatal(err)
	}
	got, err := p.PaymentStatus(t.Context(), payments.PaymentQuery{OrderID: id})
	if err != nil {
		t.Fatal(err)
	}
	if got.OrderID != id {
		t.Errorf("order id %q, want %q", got.OrderID, id)
	}
	if _, ok := f.Payment(id); !ok {
		t.Error("the fake stored another id")
	}
	f.SetBalance(rub("10.00"))
	if _, err := p.Withdraw(t.Context(), &payments.WithdrawalRequest{OrderID: id, Amount: rub("1.00"), Card: card()}); err != nil {
		t.Fatal(err)
	}
	if w, err := p.WithdrawalStatus(t.Context(), payments.WithdrawalQuery{OrderID: id}); err != nil || w.OrderID != id {
		t.Errorf("WithdrawalStatus by order = %v, %v", w, err)
	}
}

// TestHTTPThroughClient runs an HTTPProvider behind a payments.Client.
func TestHTTPThroughClient(t *testing.T) {
	t.Parallel()
	f, p := serve(t)
	c, err := payments.New(p, &payments.Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := c.InitPayment(t.Context(), initReq("1002", "10.00"))
	if err != nil {
		t.Fatal(err)
	}
	if pay.NextStep.URL != "https://pay.fake.invalid/pay/pay_1" {
		t.Errorf("redirect %q", pay.NextStep.URL)
	}
	if err := f.MarkPaid("1002"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConfirmPayment(t.Context(), "1002", rub("10.00")); err != nil {
		t.Fatal(err)
	}
	_, err = c.ConfirmPayment(t.Context(), "1002", rub("11.00"))
	wantKind(t, err, payments.ErrAmountMismatch)
	r, err := c.Refund(t.Context(), &payments.RefundRequest{OrderID: "1002", Reference: "r-1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "ref_1" || !r.Amount.Equal(rub("10.00")) {
		t.Errorf("refund %+v", r)
	}
	req, err := f.PaymentWebhook("1002")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := c.VerifyWebhook(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != payments.StatusRefunded {
		t.Errorf("webhook status %s, want refunded", ev.Status)
	}
}

func TestHTTPConfigValidate(t *testing.T) {
	t.Parallel()
	ok := paymentstest.HTTPConfig{BaseURL: "https://fake.example", APIKey: "k", WebhookSecret: "s"}
	tests := []struct {
		name  string
		edit  func(*paymentstest.HTTPConfig)
		field string // "" means valid
	}{
		{"valid", func(*paymentstest.HTTPConfig) {}, ""},
		{"no base url", func(c *paymentstest.HTTPConfig) { c.BaseURL = "" }, "HTTPConfig.BaseURL"},
		{"relative base url", func(c *paymentstest.HTTPConfig) { c.BaseURL = "/v1" }, "HTTPConfig.BaseURL"},
		{"ftp base url", func(c *paymentstest.HTTPConfig) { c.BaseURL = "ftp://fake.example" }, "HTTPConfig.BaseURL"},
		{"base url with query", func(c *paymentstest.HTTPConfig) { c.BaseURL = "https://fake.example/?a=b" }, "HTTPConfig.BaseURL"},
		{"no api key", func(c *paymentstest.HTTPConfig) { c.APIKey = "" }, "HTTPConfig.APIKey"},
		{"no webhook secret", func(c *paymentstest.HTTPConfig) { c.WebhookSecret = "" }, "HTTPConfig.WebhookSecret"},
		{"bad currency", func(c *paymentstest.HTTPConfig) { c.Currencies = []payments.Currency{"XYZ"} }, "HTTPConfig.Currencies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := ok
			tt.edit(&cfg)
			err := cfg.Validate()
			_, newErr := paymentstest.NewHTTPProvider(cfg)
			if tt.field == "" {
				if err != nil || newErr != nil {
					t.Fatalf("Validate() = %v, NewHTTPProvider: %v; want nil", err, newErr)
				}
				return
			}
			wantKind(t, err, payments.ErrInvalidRequest)
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
			if newErr == nil || newErr.Error() != err.Error() {
				t.Errorf("NewHTTPProvider error %v, want %v", newErr, err)
			}
		})
	}
	p, err := paymentstest.NewHTTPProvider(ok)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "fake" || !p.Capabilities().SupportsCurrency(payments.EUR) || !p.Capabilities().Supports(payments.OpWithdraw) {
		t.Errorf("defaults: name %q capabilities %+v", p.Name(), p.Capabilities())
	}
}
