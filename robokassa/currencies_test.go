package robokassa

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// The GetCurrencies response of mikhail5545/go-robokassa-sdk
// ecosystem_api_test.go (the method: https://docs.robokassa.ru/xml-interfaces).
func TestCurrencies(t *testing.T) {
	t.Parallel()
	got, err := newProvider(t, replay(t, "extra/get_currencies.json"), nil).Currencies(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []CurrencyGroup{{Code: "BankCard", Description: "Cards", Items: []CurrencyItem{{
		Label: "BankCardPSR", Alias: "BankCard", Name: "Bank card",
		MinValue: decimal.NewNullDecimal(decimal.NewFromInt(1)), MaxValue: decimal.NewNullDecimal(decimal.NewFromInt(1000)),
	}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Currencies (-want +got):\n%s", diff)
	}
	_, err = newProvider(t, replay(t, "extra/get_currencies_error.json"), nil).Currencies(t.Context(), "ru")
	var pe *payments.Error
	if !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &pe) || pe.Code != "2" || pe.Op != OpGetCurrencies {
		t.Errorf("Result code 2: %#v", err)
	}
	rt, _ := respond(200, "text/xml", `<CurrenciesList><Result><Code>0</Code></Result><Groups><Group Code="G"><Items><Currency Label="L" MinValue="one"/></Items></Group></Groups></CurrenciesList>`)
	if _, err := newProvider(t, rt, nil).Currencies(t.Context(), "en"); !errors.Is(err, payments.ErrProtocol) {
		t.Errorf("malformed MinValue: %v", err)
	}
}

func TestPaymentMethods(t *testing.T) {
	t.Parallel()
	got, err := newProvider(t, replay(t, "extra/get_payment_methods.json"), nil).PaymentMethods(t.Context(), "en")
	if err != nil {
		t.Fatal(err)
	}
	want := []PaymentMethod{{Code: "BankCard", Description: "Bank card"}, {Code: "SBP", Description: "Faster Payments System"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PaymentMethods (-want +got):\n%s", diff)
	}
}
