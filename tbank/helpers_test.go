package tbank

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit/payments"
)

const (
	testTerminal = "1700000000000DEMO"
	testPassword = "Golden_tbank_pw1"
	testBase     = "https://tbank.test/v2"
)

// step is one expected request (by method name) and its canned answer.
type step struct {
	method string
	status int // 200 if zero
	body   string
}

// script is an http.RoundTripper that answers the expected requests in
// order, checks that each is a signed JSON POST with our TerminalKey and a
// valid Token (section «Токен» of https://www.tbank.ru/kassa/dev/payments/index.html),
// and keeps the decoded bodies.
type script struct {
	t     *testing.T
	mu    sync.Mutex
	steps []step
	sent  []map[string]json.RawMessage
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := io.ReadAll(r.Body)
	method := strings.TrimPrefix(r.URL.Path, "/v2/")
	if len(s.sent) >= len(s.steps) {
		s.t.Errorf("unexpected request %s %s", method, b)
		return nil, errors.New("unexpected request")
	}
	st := s.steps[len(s.sent)]
	fields, err := parseObject(b)
	if err != nil {
		s.t.Fatalf("%s body: %v", method, err)
	}
	s.sent = append(s.sent, fields)
	if method != st.method || r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		s.t.Errorf("request %d = %s %s, want POST %s", len(s.sent), r.Method, method, st.method)
	}
	want, _ := Token(fields, testPassword)
	if !tokenEqual(answer(fields).text("Token"), want) || answer(fields).text("TerminalKey") != testTerminal {
		s.t.Errorf("%s: bad Token or TerminalKey in %s", method, b)
	}
	code := st.status
	if code == 0 {
		code = http.StatusOK
	}
	return &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(st.body)), Request: r}, nil
}

// done fails the test when an expected request was not sent.
func (s *script) done() {
	s.t.Helper()
	if len(s.sent) != len(s.steps) {
		s.t.Errorf("%d of %d expected requests sent", len(s.sent), len(s.steps))
	}
}

// newScripted returns a provider whose requests go to the script.
func newScripted(t *testing.T, steps ...step) (*Provider, *script) {
	t.Helper()
	s := &script{t: t, steps: steps}
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword, BaseURL: testBase, HTTPClient: &http.Client{Transport: s}})
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

func rub(s string) payments.Money { return payments.MustParseMoney(s, payments.RUB) }

// sentText is the text of key in the n-th request.
func (s *script) sentText(n int, key string) string { return answer(s.sent[n]).text(key) }
