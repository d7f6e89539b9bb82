package paymentstest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// TestRegistrationCurrencies: the fake's currencies are accepted in any
// case of their ASCII letters, as payments.ParseCurrency takes them, and a
// Unicode look-alike ("ıdr" with a dotless i, which strings.ToUpper turns
// into IDR) is refused.
func TestRegistrationCurrencies(t *testing.T) {
	t.Parallel()
	settings := func(list string) providerkit.Settings {
		return providerkit.NewSettings(Registration(), map[string]string{"webhook_secret": "a-secret-of-our-own", "currencies": list})
	}
	opts, err := optionsFrom(settings("rub,Usd,EUR"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]payments.Currency{payments.RUB, payments.USD, payments.EUR}, opts.Currencies); diff != "" {
		t.Errorf("currencies (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"ıdr", "rub,xyz", "ſek"} {
		if _, err := optionsFrom(settings(bad)); err == nil {
			t.Errorf("currencies %q accepted", bad)
		}
	}
}
