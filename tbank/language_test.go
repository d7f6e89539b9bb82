package tbank

import (
	"context"
	"testing"

	"github.com/paykit/payments"
)

// TestInitLanguage: Init's Language is "ru" or "en"
// (https://www.tbank.ru/kassa/dev/payments/ (/v2/Init)): a tag such as "en-US" is sent
// as its primary subtag, and a language the form lacks is left out rather
// than sent for T-Bank to refuse.
func TestInitLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ru": "ru", "en-US": "en", "EN": "en", "de-DE": "", "": ""} {
		p, s := newScripted(t, step{method: "Init", body: initAnswer})
		if _, err := p.InitPayment(context.Background(), &payments.InitRequest{OrderID: "order-42", Amount: rub("1000.00"), Language: in}); err != nil {
			t.Fatal(err)
		}
		s.done()
		_, sent := s.sent[0]["Language"]
		if got := s.sentText(0, "Language"); got != want || sent != (want != "") {
			t.Errorf("Language %q: sent %q (present %v), want %q", in, got, sent, want)
		}
	}
}
