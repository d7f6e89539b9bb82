package sandbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkEnv is a sandbox on a loopback test server, a shop on another whose
// ResultURL is a payments.Client webhook handler over the real robokassa
// provider, and a browser that does not follow redirects.
type rkEnv struct {
	t       *testing.T
	sb      *Server
	sbURL   string
	shopURL string
	prov    *robokassa.Provider
	client  *payments.Client
	browser *http.Client

	failNext atomic.Int32         // webhook calls of the app that fail before one succeeds
	events   chan *payments.Event // events the app handled
	hits     chan string          // every ResultURL request's raw form, as received
	refused  chan error           // deliveries the webhook handler refused
	jws      chan string          // every ResultUrl2 body, as received (answered 200)

	mu       sync.Mutex
	success  []url.Values // SuccessURL visits
	failures []url.Values // FailURL visits
}

type rkEnvOptions struct {
	shop    RobokassaShop
	cfg     func(*robokassa.Config)
	noShop  bool // no ResultURL, SuccessURL or FailURL
	logf    func(format string, args ...any)
	now     func() time.Time // the sandbox's clock; nil means time.Now
	retries int              // Options.Retries; zero means the default
}

func newRKEnv(t *testing.T, o rkEnvOptions) *rkEnv {
	t.Helper()
	e := &rkEnv{t: t, events: make(chan *payments.Event, 16), hits: make(chan string, 32), refused: make(chan error, 32), jws: make(chan string, 32)}

	mux := http.NewServeMux()
	shop := httptest.NewServer(mux)
	t.Cleanup(shop.Close)
	e.shopURL = shop.URL

	sh := o.shop
	if !o.noShop {
		sh.ResultURL = shop.URL + "/result"
		sh.SuccessURL = shop.URL + "/success"
		sh.FailURL = shop.URL + "/fail"
	}
	logf := o.logf
	if logf == nil {
		logf = t.Logf
	}
	sb, err := New(Options{Robokassa: sh, HTTPClient: shop.Client(), RetryDelay: time.Millisecond, Logf: logf, Now: o.now, Retries: o.retries})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(sb.Handler())
	t.Cleanup(ts.Close)
	sb.SetBaseURL(ts.URL)
	t.Cleanup(func() { _ = sb.Close() })
	e.sb, e.sbURL = sb, ts.URL

	cfg := sb.RobokassaConfig()
	cfg.HTTPClient = ts.Client()
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	if e.prov, err = robokassa.New(cfg); err != nil {
		t.Fatal(err)
	}
	if e.client, err = payments.New(e.prov, &payments.Options{Retry: payments.RetryPolicy{MaxAttempts: 1}}); err != nil {
		t.Fatal(err)
	}
	b := *ts.Client()
	b.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	e.browser = &b

	hook := e.client.WebhookHandler(func(_ context.Context, ev *payments.Event) error {
		if e.failNext.Add(-1) >= 0 {
			return errors.New("the shop's database is down")
		}
		e.events <- ev
		return nil
	}, &payments.HandlerOptions{OnError: func(_ *http.Request, err error) { e.refused <- err }})
	record := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			raw := string(b)
			if r.Method == http.MethodGet {
				raw = r.URL.RawQuery
			}
			r.Body = io.NopCloser(strings.NewReader(string(b)))
			h.ServeHTTP(w, r)
			e.hits <- raw
		})
	}
	e.failNext.Store(0)
	mux.Handle("/result", record(hook))
	// /webhook2 is ResultUrl2 through the app's WebhookHandler, which
	// serves both notifications; /result2 only records.
	mux.Handle("/webhook2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		hook.ServeHTTP(w, r)
		e.jws <- string(b)
	}))
	mux.HandleFunc("/result2", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		e.jws <- string(b)
	})
	mux.HandleFunc("/success", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		e.mu.Lock()
		e.success = append(e.success, r.Form)
		e.mu.Unlock()
		_, _ = io.WriteString(w, "thank you")
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		e.mu.Lock()
		e.failures = append(e.failures, r.Form)
		e.mu.Unlock()
		_, _ = io.WriteString(w, "sorry")
	})
	return e
}

// get fetches u with the browser and returns the status, body and
// Location.
func (e *rkEnv) get(u string) (int, string, string) {
	e.t.Helper()
	resp, err := e.browser.Get(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResp(e.t, resp)
}

// post posts a form with the browser.
func (e *rkEnv) post(u string, form url.Values) (int, string, string) {
	e.t.Helper()
	resp, err := e.browser.PostForm(u, form)
	if err != nil {
		e.t.Fatal(err)
	}
	return readResp(e.t, resp)
}

func readResp(t *testing.T, resp *http.Response) (int, string, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

var (
	rkTokenRE   = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
	rkInvIDRE   = regexp.MustCompile(`id="inv-id">([0-9]+)<`)
	rkErrCodeRE = regexp.MustCompile(`id="error-code">([0-9]+)<`)
)

// open shows the payment page of link and returns its InvId and token.
func (e *rkEnv) open(link string) (invID, token string) {
	e.t.Helper()
	status, body, _ := e.get(link)
	if status != http.StatusOK || !strings.Contains(body, `id="pay"`) || !strings.Contains(body, `id="decline"`) {
		e.t.Fatalf("payment page: %d\n%s", status, body)
	}
	return rkInvIDRE.FindStringSubmatch(body)[1], rkTokenRE.FindStringSubmatch(body)[1]
}

// press presses Pay or Decline on a page with token.
func (e *rkEnv) press(button, token string) (int, string, string) {
	e.t.Helper()
	return e.post(e.sbURL+"/Merchant/sandbox/"+button, url.Values{"token": {token}})
}

// link returns a signed payment link.
func (e *rkEnv) link(l *robokassa.Link) string {
	e.t.Helper()
	u, err := e.prov.PaymentURL(l)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// event waits for the next event the app handled.
func (e *rkEnv) event() *payments.Event {
	e.t.Helper()
	select {
	case ev := <-e.events:
		return ev
	case <-time.After(10 * time.Second):
		e.t.Fatal("no ResultURL notification reached the app")
		return nil
	}
}

// noEvent checks that the app handled nothing so far.
func (e *rkEnv) noEvent() {
	e.t.Helper()
	select {
	case ev := <-e.events:
		e.t.Fatalf("unexpected event %+v", ev)
	default:
	}
}

// hit waits for the next ResultURL request.
func (e *rkEnv) hit() string {
	e.t.Helper()
	select {
	case h := <-e.hits:
		return h
	case <-time.After(10 * time.Second):
		e.t.Fatal("no ResultURL request")
		return ""
	}
}

// eventually polls cond until it holds; it fails the test after a long
// deadline. It waits for background deliveries; it asserts no timing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func rubs(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }
