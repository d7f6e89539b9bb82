package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// tbShop is the shop's notification endpoint: it records every delivery
// and answers each with the next of its scripted replies, then "OK".
type tbShop struct {
	srv *httptest.Server

	mu      sync.Mutex
	replies []string // bodies to answer before "OK" (with HTTP 200)
	got     [][]byte
}

func (s *tbShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.got = append(s.got, body)
	reply := "OK"
	if len(s.replies) > 0 {
		reply, s.replies = s.replies[0], s.replies[1:]
	}
	s.mu.Unlock()
	_, _ = io.WriteString(w, reply)
}

// deliveries returns the notifications received so far, decoded.
func (s *tbShop) deliveries(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.got))
	for _, b := range s.got {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("notification is not JSON: %q", b)
		}
		out = append(out, m)
	}
	return out
}

// raw returns the i-th notification body as received.
func (s *tbShop) raw(i int) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got[i]
}

func (s *tbShop) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}

// tbEnv is a sandbox with the default terminal (notifications to shop) on
// a loopback server, and a browser that does not follow redirects.
type tbEnv struct {
	t       *testing.T
	sb      *Server
	api     *httptest.Server
	shop    *tbShop
	browser *http.Client
}

func newTBEnv(t *testing.T, term TBankTerminal) *tbEnv {
	t.Helper()
	e := &tbEnv{t: t, shop: &tbShop{}}
	e.shop.srv = httptest.NewServer(e.shop)
	t.Cleanup(e.shop.srv.Close)
	if term.NotificationURL == "" {
		term.NotificationURL = e.shop.srv.URL + "/tbank/notify"
	}
	sb, err := New(Options{TBank: term, Retries: 4, RetryDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	e.sb = sb
	e.api = httptest.NewServer(sb.Handler())
	sb.SetBaseURL(e.api.URL)
	t.Cleanup(func() { _ = sb.Close(); e.api.Close() })
	e.browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e
}

// post sends body to the API method and returns the HTTP status and the
// decoded answer.
func (e *tbEnv) post(method, body string) (int, map[string]any) {
	e.t.Helper()
	resp, err := http.Post(e.sb.TBankAPI().BaseURL+"/"+method, "application/json", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		e.t.Fatalf("%s: answer is not JSON: %q", method, raw)
	}
	return resp.StatusCode, m
}

// call signs fields with the sandbox terminal (adding TerminalKey) and
// posts them; it returns the answer.
func (e *tbEnv) call(method string, fields map[string]any) map[string]any {
	e.t.Helper()
	api := e.sb.TBankAPI()
	fields["TerminalKey"] = api.TerminalKey
	raw, _ := json.Marshal(fields)
	req, err := parseTBRequest(raw)
	if err != nil {
		e.t.Fatal(err)
	}
	fields["Token"] = tbToken(req.scalars, api.Password.Reveal())
	raw, _ = json.Marshal(fields)
	status, m := e.post(method, string(raw))
	if status != http.StatusOK {
		e.t.Fatalf("%s: HTTP %d %v", method, status, m)
	}
	return m
}

// create creates a payment and returns its PaymentId and PaymentURL.
func (e *tbEnv) create(fields map[string]any) (id, pageURL string) {
	e.t.Helper()
	m := e.call("Init", fields)
	if m["Success"] != true {
		e.t.Fatalf("Init failed: %v", m)
	}
	return m["PaymentId"].(string), m["PaymentURL"].(string)
}

// status returns GetState's Status of id.
func (e *tbEnv) status(id string) string {
	e.t.Helper()
	m := e.call("GetState", map[string]any{"PaymentId": id})
	s, _ := m["Status"].(string)
	return s
}

var tbTokenField = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

// open GETs the payment page and returns its body and one-time token.
func (e *tbEnv) open(pageURL string) (string, string) {
	e.t.Helper()
	resp, err := e.browser.Get(pageURL)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := tbTokenField.FindStringSubmatch(string(b))
	if m == nil {
		return string(b), ""
	}
	return string(b), m[1]
}

// press posts the page's form and returns the response.
func (e *tbEnv) press(pageURL string, form url.Values) *http.Response {
	e.t.Helper()
	resp, err := e.browser.PostForm(pageURL, form)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// waitDeliveries waits for at least n notifications.
func (e *tbEnv) waitDeliveries(n int) []map[string]any {
	e.t.Helper()
	eventually(e.t, "notifications delivered", func() bool { return e.shop.count() >= n })
	return e.shop.deliveries(e.t)
}

// checkToken verifies a notification body's Token by the rule of section
// «Токен» (https://www.tbank.ru/kassa/dev/payments/index.html).
func checkToken(t *testing.T, raw []byte, password string) {
	t.Helper()
	req, err := parseTBRequest(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := tbToken(req.scalars, password); got != req.token {
		t.Errorf("notification Token = %s, want %s over %s", req.token, got, raw)
	}
}
