package robokassa

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

// One payments.Client.WebhookHandler on two paths serves the ResultURL form
// and the ResultUrl2 JWS (the docs' "Дополнительное
// оповещение об оплате на ResultUrl2", https://docs.robokassa.ru/pay-interface):
// each notification is handled once however often Robokassa retries it,
// and acknowledged "OK{InvId}"; the hold and the capture of one payment are
// two events; a forged JWS gets no acknowledgement and reaches no handler.
func TestResultURL2ThroughWebhookHandler(t *testing.T) {
	t.Parallel()
	a, b := url2Keys(t)
	c, err := payments.New(url2Provider(t, yearCert(t, a), url2Now), &payments.Options{Now: func() time.Time { return url2Now }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	h := c.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		got = append(got, fmt.Sprintf("%s %s %s %s", ev.ID, ev.Status, ev.OrderID, ev.Amount))
		return nil
	}, nil)
	mux := http.NewServeMux()
	mux.Handle("/robokassa/result", h)
	mux.Handle("/robokassa/result2", h)
	post := func(path, ct, body string) (int, string) {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	hold := signNote(t, a, url2Note(StateHold))
	ok := base64.StdEncoding.EncodeToString([]byte(signNote(t, a, url2Note(StateOK))))
	deliveries := []struct {
		path, ct, body string
		code           int
		ack            string
	}{
		{"/robokassa/result2", "application/json", hold, 200, "OK19"},
		{"/robokassa/result2", "application/jose", hold, 200, "OK19"}, // a retry
		{"/robokassa/result2", "application/json", ok, 200, "OK19"},
		{"/robokassa/result2", "text/plain", ok, 200, "OK19"}, // a retry
		{"/robokassa/result", "application/x-www-form-urlencoded", resultForm().Encode(), 200, "OK19"},
		{"/robokassa/result", "application/x-www-form-urlencoded", resultForm().Encode(), 200, "OK19"},
		{"/robokassa/result2", "application/json", signNote(t, b, url2Note(StateOK)), http.StatusForbidden, ""},
	}
	for i, d := range deliveries {
		code, body := post(d.path, d.ct, d.body)
		if code != d.code || (d.ack != "" && body != d.ack) {
			t.Errorf("delivery %d to %s: %d %q, want %d %q", i+1, d.path, code, body, d.code, d.ack)
		}
	}
	want := []string{
		"result2:golden-shop:19:HOLD authorized 19 10.00 RUB",
		"result2:golden-shop:19:OK succeeded 19 10.00 RUB",
		// The ResultURL notification of the same payment reports the same
		// state (payments.Client.EventKey): acknowledged, not handled again.
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("handled:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Test mode keeps its own ids, as ResultURL ids do.
func TestResultURL2EventIDTestMode(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	p := newProvider(t, nil, func(c *Config) {
		c.TestMode = true
		c.ResultURL2Certificates = yearCert(t, a)
		c.Now = func() time.Time { return url2Now }
	})
	r := httptest.NewRequest(http.MethodPost, "/result2", strings.NewReader(signNote(t, a, url2Note(StateHold))))
	ev, err := p.VerifyWebhook(t.Context(), r)
	if err != nil || ev.ID != "result2:test:golden-shop:19:HOLD" {
		t.Errorf("VerifyWebhook = %v, %v", ev, err)
	}
}

// The OpKey is a saved-card token: a notification never shows it in any
// fmt verb, JSON or slog, and its event carries it nowhere.
func TestResultURL2OpKeyRedacted(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	p := url2Provider(t, yearCert(t, a), url2Now)
	tok := signNote(t, a, url2Note(StateOK))
	n, err := p.VerifyResultURL2([]byte(tok))
	if err != nil {
		t.Fatal(err)
	}
	const opKey = "1NvHENLwgp"
	if !strings.HasSuffix(n.OpKey, opKey) {
		t.Fatalf("OpKey = %q", n.OpKey)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("n", "n", n, "v", *n)
	js, _ := json.Marshal(n)
	ev := p.ResultURL2Event(n)
	evJSON, _ := json.Marshal(ev)
	for name, s := range map[string]string{
		"%v": fmt.Sprintf("%v", n), "%+v": fmt.Sprintf("%+v", *n), "%#v": fmt.Sprintf("%#v", *n), "%s": fmt.Sprintf("%s", n),
		"json": string(js), "slog": logged.String(), "event": fmt.Sprintf("%+v", ev), "event json": string(evJSON),
	} {
		if strings.Contains(s, opKey) {
			t.Errorf("%s shows the OpKey: %s", name, s)
		}
	}
	if !strings.Contains(fmt.Sprintf("%#v", *n), "robokassa.ResultURL2Notification{") {
		t.Errorf("%%#v = %#v", *n)
	}
}

// A notification without incSum has a zero amount and no data.incSum in
// Raw (not a made-up "0.00").
func TestResultURL2WithoutIncSum(t *testing.T) {
	t.Parallel()
	a, _ := url2Keys(t)
	p := url2Provider(t, yearCert(t, a), url2Now)
	n := url2Note(StateOK)
	n.IncSum = payments.Money{}
	r := httptest.NewRequest(http.MethodPost, "/result2", strings.NewReader(signNote(t, a, n)))
	ev, err := p.VerifyWebhook(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.Raw["data.incSum"]; ok || !ev.Amount.IsZero() {
		t.Errorf("event without incSum: Amount %v, Raw %v", ev.Amount, ev.Raw)
	}
}
