package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/clientsdk"
)

// csTestCard is the card of the public SDK examples (github.com/Space-Around/client-payment-sdk-python
// examples/withdrawal.py and examples/payment_h2h.py).
const csTestCard = "4111111111111111"

// csWait bounds how long a test waits for a background webhook: a
// deadline against hangs, not a timing assertion.
const csWait = 10 * time.Second

// csClock is a settable clock.
type csClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *csClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *csClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// csShop is the shop side of a test: its /webhooks endpoint is the
// payments.Client's WebhookHandler, behind a counter that can answer 500
// to the first deliveries.
type csShop struct {
	srv *httptest.Server

	mu         sync.Mutex
	failFirst  int // answer 500 to this many deliveries first
	deliveries []url.Values
	handled    []*payments.Event

	delivered chan url.Values      // every delivery, as received
	events    chan *payments.Event // every event the app handled
	handler   http.Handler         // the WebhookHandler, set once
}

func (s *csShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	s.mu.Lock()
	s.deliveries = append(s.deliveries, form)
	fail := s.failFirst > 0
	if fail {
		s.failFirst--
	}
	handler := s.handler
	s.mu.Unlock()
	select {
	case s.delivered <- form:
	default: // nobody is counting deliveries
	}
	if fail {
		http.Error(w, "shop is down", http.StatusInternalServerError)
		return
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	handler.ServeHTTP(w, r)
}

// failNext makes the shop answer 500 to the next n deliveries.
func (s *csShop) failNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failFirst = n
}

// csEnv is a sandbox, a shop and a payments.Client on the real clientsdk
// provider, all on loopback httptest servers.
type csEnv struct {
	t       *testing.T
	sb      *Server
	api     *httptest.Server
	shop    *csShop
	prov    *clientsdk.Provider
	client  *payments.Client
	browser *http.Client
	clock   *csClock

	logMu sync.Mutex
	logs  []string
}

func newCSEnv(t *testing.T) *csEnv {
	t.Helper()
	e := &csEnv{t: t, clock: &csClock{now: time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)}}
	t.Cleanup(e.checkLogs) // runs last, after the sandbox stopped
	e.shop = &csShop{delivered: make(chan url.Values, 1000), events: make(chan *payments.Event, 1000)}
	shopSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/webhooks" {
			http.NotFound(w, r)
			return
		}
		e.shop.ServeHTTP(w, r)
	}))
	t.Cleanup(shopSrv.Close)
	e.shop.srv = shopSrv
	sb, err := New(Options{
		HTTPClient: shopSrv.Client(),
		Retries:    5,
		RetryDelay: time.Millisecond,
		Now:        e.clock.Now,
		Logf: func(format string, args ...any) {
			e.logMu.Lock()
			defer e.logMu.Unlock()
			e.logs = append(e.logs, fmt.Sprintf(format, args...))
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.sb = sb
	e.api = httptest.NewServer(sb.Handler())
	t.Cleanup(e.api.Close)
	t.Cleanup(func() { _ = sb.Close() })
	sb.SetBaseURL(e.api.URL)
	e.prov = e.provider(ClientSDKSecret)
	e.client, err = payments.New(e.prov, &payments.Options{
		Now:   e.clock.Now,
		Retry: payments.RetryPolicy{MaxAttempts: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	handler := e.client.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		e.shop.mu.Lock()
		e.shop.handled = append(e.shop.handled, ev)
		e.shop.mu.Unlock()
		select {
		case e.shop.events <- ev:
		default:
		}
		return nil
	}, nil)
	e.shop.mu.Lock()
	e.shop.handler = handler
	e.shop.mu.Unlock()
	e.browser = &http.Client{
		Transport:     e.api.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return e
}

// provider returns the real clientsdk provider pointed at the sandbox,
// signing with secret.
func (e *csEnv) provider(secret string) *clientsdk.Provider {
	e.t.Helper()
	p, err := clientsdk.New(clientsdk.Config{
		BaseURL:         e.api.URL,
		MerchantID:      ClientSDKMerchantID,
		ProductID:       ClientSDKProductID,
		Secret:          payments.Secret(secret),
		NotificationURL: e.shop.srv.URL + "/webhooks",
		HTTPClient:      e.api.Client(),
		Now:             e.clock.Now,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// checkLogs fails if a log line holds the secret or a card number.
func (e *csEnv) checkLogs() {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	for _, l := range e.logs {
		if strings.Contains(l, ClientSDKSecret) || strings.Contains(l, csTestCard) {
			e.t.Errorf("a sandbox log line holds a secret or card number: %q", l)
		}
	}
}

func (e *csEnv) ctx() context.Context { return e.t.Context() }

func (e *csEnv) rub(amount string) payments.Money {
	return payments.MustParseMoney(amount, payments.RUB)
}

// initReq is a redirect payment of amount returning to the shop's /done.
func (e *csEnv) initReq(order, amount string) *payments.InitRequest {
	return &payments.InitRequest{
		OrderID:     order,
		Amount:      e.rub(amount),
		Description: "Order " + order,
		Language:    "en",
		SuccessURL:  e.shop.srv.URL + "/done",
	}
}

func csCard() *payments.Card {
	return &payments.Card{Number: csTestCard, ExpMonth: 12, ExpYear: 2030, CVC: "123"}
}

func csBrowser() *payments.BrowserData {
	return &payments.BrowserData{
		IP: "203.0.113.7", AcceptHeader: "text/html", Language: "ru-RU", ColorDepth: 24,
		ScreenHeight: 1080, ScreenWidth: 1920, TZOffsetMinutes: 180,
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64)", ChallengeWindowSize: "02",
	}
}

// fund pays a redirect payment of amount through ClientSDKPay and waits for
// its webhook, so that the balance holds amount more.
func (e *csEnv) fund(order, amount string) {
	e.t.Helper()
	if _, err := e.client.InitPayment(e.ctx(), e.initReq(order, amount)); err != nil {
		e.t.Fatal(err)
	}
	if err := e.sb.ClientSDKPay(e.ctx(), order); err != nil {
		e.t.Fatal(err)
	}
	e.waitEvent(order)
}

// waitEvent waits for the app to handle an event of order.
func (e *csEnv) waitEvent(order string) *payments.Event {
	e.t.Helper()
	deadline := time.After(csWait)
	for {
		select {
		case ev := <-e.shop.events:
			if ev.OrderID == order {
				return ev
			}
		case <-deadline:
			e.t.Fatalf("no webhook for order %q was handled", order)
			return nil
		}
	}
}

// waitDeliveries waits for n raw webhook deliveries of order.
func (e *csEnv) waitDeliveries(order string, n int) []url.Values {
	e.t.Helper()
	var got []url.Values
	deadline := time.After(csWait)
	for len(got) < n {
		select {
		case f := <-e.shop.delivered:
			if f.Get("order") == order {
				got = append(got, f)
			}
		case <-deadline:
			e.t.Fatalf("%d webhook deliveries for order %q, want %d", len(got), order, n)
		}
	}
	return got
}

var (
	csFormAction = regexp.MustCompile(`<form method="post" action="([^"]+)">`)
	csFormToken  = regexp.MustCompile(`name="token" value="([^"]+)"`)
)

// csPageForm is the Pay/Decline form of a page.
type csPageForm struct {
	action, token string
}

// readPage checks a page answer and returns its form (nil without one).
func (e *csEnv) readPage(resp *http.Response) (*csPageForm, string) {
	e.t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("page: HTTP %d: %s", resp.StatusCode, body)
	}
	html := string(body)
	a, tok := csFormAction.FindStringSubmatch(html), csFormToken.FindStringSubmatch(html)
	if a == nil || tok == nil {
		return nil, html
	}
	if !strings.Contains(html, `id="pay"`) || !strings.Contains(html, `id="decline"`) {
		e.t.Fatalf("page without the pay and decline buttons:\n%s", html)
	}
	return &csPageForm{action: a[1], token: tok[1]}, html
}

// openPage GETs a payment page and returns its form.
func (e *csEnv) openPage(pageURL string) (*csPageForm, string) {
	e.t.Helper()
	resp, err := e.browser.Get(pageURL)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.readPage(resp)
}

// press submits the page form with action "pay" or "decline" and returns
// the answer (the browser does not follow redirects).
func (e *csEnv) press(f *csPageForm, action string) *http.Response {
	e.t.Helper()
	resp, err := e.browser.PostForm(e.api.URL+f.action, url.Values{"token": {f.token}, "action": {action}})
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

// pressRedirect presses and returns the 303 Location.
func (e *csEnv) pressRedirect(f *csPageForm, action string) *url.URL {
	e.t.Helper()
	resp := e.press(f, action)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("%s: HTTP %d, want 303", action, resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	return loc
}

// raw sends a request signed (or not) by hand and returns the status and
// the decoded JSON body.
func (e *csEnv) raw(method, path string, params []clientsdk.Param, signature string) (int, map[string]any) {
	e.t.Helper()
	v := url.Values{}
	for _, p := range params {
		v.Set(p.Key, p.Value)
	}
	if signature != "" {
		v.Set("signature", signature)
	}
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequestWithContext(e.ctx(), method, e.api.URL+path+"?"+v.Encode(), nil)
	} else {
		req, err = http.NewRequestWithContext(e.ctx(), method, e.api.URL+path, strings.NewReader(v.Encode()))
	}
	if err != nil {
		e.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := e.api.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		e.t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
	}
	return resp.StatusCode, body
}

// sign signs params for method and path with the sandbox secret.
func csSign(t *testing.T, path, method string, params []clientsdk.Param) string {
	t.Helper()
	sig, err := clientsdk.Sign(path, method, params, ClientSDKSecret)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// csServe runs one request through sb's handler.
func csServe(sb *Server, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	sb.Handler().ServeHTTP(rec, req)
	return rec
}

// csDecodeJSON decodes a JSON object.
func csDecodeJSON(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, body)
	}
	return m
}
