package robokassa

import (
	"context"
	"testing"

	"github.com/paykit/payments"
)

// TestInitLanguage: InitRequest.Language becomes Culture, the payment
// page's language (ru, en, or kk for Kazakh shops, per the Culture parameter
// of https://docs.robokassa.ru/script-parameters/): a tag such as "en-US" gives
// its primary subtag, and a language the page lacks leaves the shop's
// default (Config.Culture) rather than a Culture Robokassa does not know.
func TestInitLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ru": "ru", "en-US": "en", "EN": "en", "kk-KZ": "kk", "de-DE": "ru", "": "ru"} {
		p := newProvider(t, nil, func(c *Config) { c.Culture = "ru" })
		pay, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "19", Amount: rub("10.00"), Description: "x", Language: in})
		if err != nil {
			t.Fatal(err)
		}
		if got := queryOf(t, pay.NextStep.URL).Get("Culture"); got != want {
			t.Errorf("Language %q: Culture %q, want %q", in, got, want)
		}
	}
}
