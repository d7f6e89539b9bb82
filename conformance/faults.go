package conformance

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/paykit/payments"
)

// faultKind is one transport fault the suite injects.
type faultKind string

const (
	faultDial      faultKind = "dial_error"
	faultTimeout   faultKind = "timeout_after_send"
	faultReset     faultKind = "connection_reset"
	fault503       faultKind = "http_503"
	faultTruncated faultKind = "truncated_body"
	faultMalformed faultKind = "malformed_body"
	faultOversized faultKind = "oversized_body"
	// Answers after which the server may have acted: a redirect (a POST
	// carried out, then redirected), and 4xx statuses that a server or
	// gateway can send after reading and processing a request.
	fault302 faultKind = "http_302"
	fault303 faultKind = "http_303"
	fault405 faultKind = "http_405"
	fault408 faultKind = "http_408"
	fault410 faultKind = "http_410"
	fault413 faultKind = "http_413"
)

var allFaults = []faultKind{
	faultDial, faultTimeout, faultReset, fault503, faultTruncated, faultMalformed, faultOversized,
	fault302, fault303, fault405, fault408, fault410, fault413,
}

// statusFaults are the faults that answer with an HTTP status and a body
// that is not the provider's: the status each answers.
var statusFaults = map[faultKind]int{
	fault503: http.StatusServiceUnavailable,
	fault302: http.StatusFound,
	fault303: http.StatusSeeOther,
	fault405: http.StatusMethodNotAllowed,
	fault408: http.StatusRequestTimeout,
	fault410: http.StatusGone,
	fault413: http.StatusRequestEntityTooLarge,
}

// kindFor is the error a fault must give: for an operation that moves money
// ErrOutcomeUnknown unless the request provably was not sent (a dial error:
// ErrUnavailable); for a read, ErrUnavailable (retried) when the provider
// could not answer now, ErrProtocol (not retried) when it answered
// something unusable. A redirect or 405/408/410/413 answer to a read is
// unusable; to a money-moving call it may follow the provider's acting on
// it.
func (k faultKind) kindFor(op payments.Operation) error {
	switch {
	case k == faultDial:
		return payments.ErrUnavailable
	case !op.Resendable():
		return payments.ErrOutcomeUnknown
	case k == faultTimeout, k == faultReset, k == fault503, k == faultTruncated:
		return payments.ErrUnavailable
	}
	return payments.ErrProtocol
}

// describe says what the fault simulates.
func (k faultKind) describe() string {
	switch k {
	case faultDial:
		return "the connection could not be opened, so the request was provably not sent"
	case faultTimeout:
		return "the request was sent and the answer timed out"
	case faultReset:
		return "the request was sent and the connection was reset"
	case fault503:
		return "the provider answered 503 Service Unavailable"
	case faultTruncated:
		return "the answer was cut short in the middle of the body"
	case faultMalformed:
		return "the answer's body is garbage"
	case faultOversized:
		return "the answer's body is far larger than any real answer"
	case fault302, fault303:
		return fmt.Sprintf("the provider answered %d %s, a redirect to another URL", statusFaults[k], http.StatusText(statusFaults[k]))
	default:
		return fmt.Sprintf("the provider answered %d %s with a body of its web server", statusFaults[k], http.StatusText(statusFaults[k]))
	}
}

// fault replaces the response of exchange at with a failure.
type fault struct {
	kind faultKind
	at   int
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout (injected)" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func (f *fault) apply(req *http.Request, rec Response) (*http.Response, error) {
	switch f.kind {
	case faultDial:
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused (injected)")}
	case faultTimeout:
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}
	case faultReset:
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	case fault503, fault302, fault303, fault405, fault408, fault410, fault413:
		status := statusFaults[f.kind]
		h := http.Header{"Content-Type": {"text/html"}}
		if status < 400 {
			h.Set("Location", "https://elsewhere.invalid/moved")
		}
		text := fmt.Sprintf("%d %s", status, http.StatusText(status))
		return buildResponse(req, Response{Status: status, Header: h}, strings.NewReader("<html><body>"+text+"</body></html>")), nil
	case faultTruncated:
		half := rec.Body[:len(rec.Body)/2]
		return buildResponse(req, rec, io.MultiReader(strings.NewReader(half), errReader{io.ErrUnexpectedEOF})), nil
	case faultMalformed:
		return buildResponse(req, rec, strings.NewReader("\x00\x01}{ not a response <<")), nil
	default:
		return buildResponse(req, rec, io.MultiReader(strings.NewReader(rec.Body), &spaces{n: 64 << 20})), nil
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// spaces yields n ASCII spaces without allocating them all.
type spaces struct{ n int }

func (s *spaces) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	if len(p) > s.n {
		p = p[:s.n]
	}
	for i := range p {
		p[i] = ' '
	}
	s.n -= len(p)
	return len(p), nil
}
