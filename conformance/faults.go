package conformance

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
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
)

var allFaults = []faultKind{faultDial, faultTimeout, faultReset, fault503, faultTruncated, faultMalformed, faultOversized}

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
	default:
		return "the answer's body is far larger than any real answer"
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
	case fault503:
		return buildResponse(req, Response{Status: http.StatusServiceUnavailable,
			Header: http.Header{"Content-Type": {"text/html"}}}, strings.NewReader("<html><body>503 Service Unavailable</body></html>")), nil
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
