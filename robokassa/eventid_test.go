package robokassa

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
)

// Issue 8 #1: two shops (different MerchantLogin) share one EventStore. A
// ResultURL for InvId 19 at shop A must not make shop B's ResultURL for its
// own InvId 19 look like a repeat: both run the app's function.
func TestSharedStoreTwoShops(t *testing.T) {
	t.Parallel()
	store := &payments.MemoryStore{}
	var handled []string
	fn := func(_ context.Context, ev *payments.Event) error {
		handled = append(handled, ev.ID)
		return nil
	}
	shopA := newProvider(t, nil, nil)
	shopB := newProvider(t, nil, func(c *Config) { c.MerchantLogin = "other-shop" })
	deliver := func(p *Provider) *httptest.ResponseRecorder {
		t.Helper()
		c, err := payments.New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		h := c.WebhookHandler(fn, &payments.HandlerOptions{Store: store})
		// Both shops share Password #2 here, so the same signed form is
		// valid at both: only the merchant tells the events apart.
		r := httptest.NewRequest(http.MethodPost, "/result", strings.NewReader(resultForm().Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i, p := range []*Provider{shopA, shopB, shopA} {
		if w := deliver(p); w.Code != http.StatusOK || w.Body.String() != "OK19" {
			t.Errorf("delivery %d: %d %q", i+1, w.Code, w.Body.String())
		}
	}
	// The third delivery repeats the first: acknowledged, not handled.
	want := []string{"result:golden-shop:19", "result:other-shop:19"}
	if diff := cmp.Diff(want, handled); diff != "" {
		t.Errorf("handled events (-want +got):\n%s", diff)
	}
}

// The event id names the merchant and test mode, escaped so that no
// component can add a separator.
func TestEventID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		mod   func(*Config)
		invID string
		want  string
	}{
		{"live", nil, "19", "result:golden-shop:19"},
		{"test mode is another payment", func(c *Config) { c.TestMode = true }, "19", "result:test:golden-shop:19"},
		{"a login with reserved bytes is escaped", func(c *Config) { c.MerchantLogin = "shop/ä" }, "19", "result:shop%2F%C3%A4:19"},
		{"an id with the separator is escaped", nil, "1:2", "result:golden-shop:1%3A2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newProvider(t, nil, tt.mod)
			if got := p.eventID(tt.invID); got != tt.want {
				t.Errorf("eventID(%q) = %q, want %q", tt.invID, got, tt.want)
			}
		})
	}
}
