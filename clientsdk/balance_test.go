package clientsdk

import (
	"errors"
	"testing"

	"github.com/paykit/payments"
)

func TestBalance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{name: "JSON number", body: `{"status":"success","balance":1500.25}`, want: "1500.25"},
		{name: "string", body: `{"status":"success","balance":"1500.2500"}`, want: "1500.25"},
		{name: "number beyond float64 precision", body: `{"status":"success","balance":12345678901234567.89}`, want: "12345678901234567.89"},
		{name: "integer", body: `{"status":"success","balance":0}`, want: "0"},
		{name: "currency echoed", body: `{"status":"success","balance":"7","currency":"RUB"}`, want: "7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			var c capture
			respond(mt, "GET", "/balance", &c, 200, tt.body)
			b, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
			if err != nil {
				t.Fatal(err)
			}
			if want := rub(tt.want); !b.Available.Equal(want) || b.Available.Amount.String() != want.Amount.String() {
				t.Errorf("balance %s, want %s", b.Available.Amount, want.Amount)
			}
			// The PHP balanceRequest query (github.com/creater777/sbank), signed as the
			// Python SDK signs it (computed, not a published signature).
			if got := c.params.Encode(); got != "currency=RUB&merchant_id=13&signature=UWacmMumRfQ8NHKEfNt1sVcvcNAgEyZtLgzax-lLe30" {
				t.Errorf("query %s", got)
			}
		})
	}
}

func TestBalanceErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		kind error
	}{
		{name: "no balance", body: `{"status":"success"}`, kind: payments.ErrProtocol},
		{name: "object balance", body: `{"status":"success","balance":{"RUB":1}}`, kind: payments.ErrProtocol},
		{name: "exponent", body: `{"status":"success","balance":1e3}`, kind: payments.ErrProtocol},
		{name: "garbage string", body: `{"status":"success","balance":"12,50"}`, kind: payments.ErrProtocol},
		{name: "other currency", body: `{"status":"success","balance":"1","currency":"USD"}`, kind: payments.ErrAmountMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, mt := newTestProvider(t)
			respond(mt, "GET", "/balance", nil, 200, tt.body)
			_, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: payments.RUB})
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err %v, want %v", err, tt.kind)
			}
			var pe *payments.Error
			if !errors.As(err, &pe) || pe.Op != payments.OpBalance || pe.Provider != providerName {
				t.Errorf("error %#v lacks its operation or provider", err)
			}
		})
	}
	p, _ := newTestProvider(t)
	if _, err := p.Balance(t.Context(), payments.BalanceQuery{Currency: "XYZ"}); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("unknown currency: %v", err)
	}
}
