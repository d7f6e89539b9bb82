package robokassa

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// opStateAnswer is an OpStateExt answer with state code and OutSum
// (https://docs.robokassa.ru/xml-interfaces/: 20 held, as
// github.com/robokassa/sdk-android reads it, 100 paid, 10 cancelled).
func opStateAnswer(code, outSum string) string {
	return `<OperationStateResponse><Result><Code>0</Code></Result><State><Code>` + code +
		`</Code><StateDate>2026-11-29T09:58:00.0000000+03:00</StateDate></State><Info><PaymentMethod><Code>BankCard</Code></PaymentMethod><OutSum>` +
		outSum + `</OutSum></Info></OperationStateResponse>`
}

// lifeStep is one request a lifecycle operation sent.
type lifeStep struct {
	path     string
	body     string
	ctype    string
	declared providerkit.Exchange
}

// lifeServer answers OpStateExt with state and the other paths with
// answer (or their fault), recording every request.
type lifeServer struct {
	state  string                                    // OpStateExt body
	answer map[string]func() (*http.Response, error) // by path suffix

	mu   sync.Mutex
	sent []lifeStep
}

func (s *lifeServer) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	ex, _ := providerkit.ExchangeOf(r)
	s.mu.Lock()
	s.sent = append(s.sent, lifeStep{path: r.URL.Path, body: string(body), ctype: r.Header.Get("Content-Type"), declared: ex})
	s.mu.Unlock()
	if strings.HasSuffix(r.URL.Path, "/OpStateExt") {
		if f := s.answer["OpStateExt"]; f != nil {
			return f()
		}
		return textResponse(200, s.state), nil
	}
	for suffix, f := range s.answer {
		if strings.HasSuffix(r.URL.Path, suffix) {
			return f()
		}
	}
	return textResponse(404, "no such path"), nil
}

// paths returns the paths requested, in order.
func (s *lifeServer) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, st := range s.sent {
		out = append(out, st.path)
	}
	return out
}

// last returns the last request sent.
func (s *lifeServer) last(t *testing.T) lifeStep {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.sent) == 0 {
		t.Fatal("nothing sent")
	}
	return s.sent[len(s.sent)-1]
}

// reply answers with status and body.
func reply(status int, body string) func() (*http.Response, error) {
	return func() (*http.Response, error) { return textResponse(status, body), nil }
}

// lifeClient is a Client over a golden-shop provider (changed by mod)
// talking to s.
func lifeClient(t *testing.T, s *lifeServer, mod func(*Config)) *payments.Client {
	t.Helper()
	c, err := payments.New(newProvider(t, s, mod), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// errDetail returns the Code, Message and Advice of err's *payments.Error.
func errDetail(err error) (code, message, advice string) {
	var pe *payments.Error
	if errors.As(err, &pe) {
		return pe.Code, pe.Message, pe.Advice
	}
	return "", "", ""
}
