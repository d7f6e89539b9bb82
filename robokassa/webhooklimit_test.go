package robokassa

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// bigResult is the golden-shop ResultURL sample (resultForm) padded with an
// unsigned field to
// over 70 KiB.
func bigResult() string {
	return resultForm().Encode() + "&Pad=" + strings.Repeat("a", 70<<10)
}

// Issue 8 #14: a ResultURL by GET is held to the same limit as a POST
// body, through the Client's handler (413, the app is not called) and
// through Provider.VerifyWebhook called directly, which also reads a POST
// body through the limit.
func TestWebhookSizeLimit(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	get := func(q string) *http.Request { return httptest.NewRequest(http.MethodGet, "/result?"+q, nil) }
	post := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/result", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	t.Run("Provider.VerifyWebhook", func(t *testing.T) {
		t.Parallel()
		for name, r := range map[string]*http.Request{"GET": get(bigResult()), "POST": post(bigResult())} {
			ev, err := p.VerifyWebhook(t.Context(), r)
			var mbe *http.MaxBytesError
			var pe *payments.Error
			if ev != nil || !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &mbe) || mbe.Limit != MaxWebhookBytes ||
				!errors.As(err, &pe) || !strings.Contains(pe.Message, "larger than robokassa.MaxWebhookBytes") {
				t.Errorf("%s of %d bytes: %+v, %v", name, len(bigResult()), ev, err)
			}
		}
		// Exactly at the limit is still read.
		form := resultForm().Encode() + "&Pad="
		form += strings.Repeat("a", MaxWebhookBytes-len(form))
		for name, r := range map[string]*http.Request{"GET": get(form), "POST": post(form)} {
			if _, err := p.VerifyWebhook(t.Context(), r); err != nil {
				t.Errorf("%s of exactly MaxWebhookBytes: %v", name, err)
			}
		}
	})
	t.Run("the Client's smaller limit", func(t *testing.T) {
		t.Parallel()
		c, err := payments.New(p, &payments.Options{MaxWebhookBytes: 1 << 10})
		if err != nil {
			t.Fatal(err)
		}
		body := resultForm().Encode() + "&Pad=" + strings.Repeat("a", 2<<10)
		ev, err := c.VerifyWebhook(t.Context(), post(body))
		var mbe *http.MaxBytesError
		if ev != nil || !errors.As(err, &mbe) || mbe.Limit != 1<<10 {
			t.Errorf("2 KiB body over a 1 KiB limit: %+v, %v", ev, err)
		}
	})
	t.Run("Client.WebhookHandler", func(t *testing.T) {
		t.Parallel()
		c, err := payments.New(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		calls := 0
		h := c.WebhookHandler(func(_ context.Context, _ *payments.Event) error { calls++; return nil }, nil)
		for name, r := range map[string]*http.Request{"GET": get(bigResult()), "POST": post(bigResult())} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("%s: status %d, want 413", name, w.Code)
			}
		}
		if calls != 0 {
			t.Errorf("app called %d times", calls)
		}
	})
}

// Issue 8 #14: the fields Robokassa does not sign reach the event only
// marked as such, and never as its Fee.
func TestWebhookUnsignedFields(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	f := resultForm()
	f.Set("Fee", "9999.000000")
	f.Set("IsTest", "1")
	f.Set("EMail", "attacker@example.com")
	r := httptest.NewRequest(http.MethodPost, "/result", strings.NewReader(f.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ev, err := p.VerifyWebhook(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.Fee.IsZero() {
		t.Errorf("Event.Fee = %v, want zero: Fee is not signed", ev.Fee)
	}
	for _, k := range []string{"Fee", "IsTest", "EMail", "PaymentMethod", "IncCurrLabel"} {
		if v, ok := ev.Raw[k]; ok {
			t.Errorf("Raw[%q] = %q: an unsigned field under its plain name", k, v)
		}
		if v := ev.Raw[UnsignedPrefix+k]; v != f.Get(k) {
			t.Errorf("Raw[%q] = %q, want %q", UnsignedPrefix+k, v, f.Get(k))
		}
	}
	for _, k := range []string{"OutSum", "InvId", "Shp_order", "SignatureValue"} {
		if v := ev.Raw[k]; v != f.Get(k) {
			t.Errorf("Raw[%q] = %q, want %q", k, v, f.Get(k))
		}
	}
	// Legacy names and any-case Shp_ prefixes are signed too.
	for _, k := range []string{"out_summ", "inv_id", "crc", "shp_x", "SHP_x", "Shp_x"} {
		if !signedField(k) {
			t.Errorf("signedField(%q) = false", k)
		}
	}
	for _, k := range []string{"Fee", "Shp_", "Culture", "IsTest", "outsum"} {
		if signedField(k) {
			t.Errorf("signedField(%q) = true", k)
		}
	}
}
