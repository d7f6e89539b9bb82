package providerkit_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func postForm(body string) *http.Request {
	r, _ := http.NewRequest(http.MethodPost, "https://shop.example/hook", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestReadForm(t *testing.T) {
	t.Parallel()
	get, _ := http.NewRequest(http.MethodGet, "https://shop.example/hook?a=1&b=x+y", nil)
	noType := postForm("a=1")
	noType.Header.Del("Content-Type")
	withCharset := postForm("a=1")
	withCharset.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	tests := []struct {
		name string
		req  *http.Request
		want url.Values
	}{
		{"GET query", get, url.Values{"a": {"1"}, "b": {"x y"}}},
		{"no method", &http.Request{URL: &url.URL{RawQuery: "a=1"}}, url.Values{"a": {"1"}}},
		{"POST form", postForm("a=1&a=2&c="), url.Values{"a": {"1", "2"}, "c": {""}}},
		{"POST without content type", noType, url.Values{"a": {"1"}}},
		{"POST with charset", withCharset, url.Values{"a": {"1"}}},
		{"at the limit", postForm("a=" + strings.Repeat("x", 8)), url.Values{"a": {strings.Repeat("x", 8)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := providerkit.ReadForm(tt.req, 10)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadForm (-want +got):\n%s", diff)
			}
		})
	}
}

// Every refusal is ErrInvalidRequest with its reason; a read error stays
// reachable, and a body or query over the limit carries an
// *http.MaxBytesError (the Client's 413).
func TestReadFormErrors(t *testing.T) {
	t.Parallel()
	readErr := errors.New("connection reset by peer")
	unreadable, _ := http.NewRequest(http.MethodPost, "https://shop.example/hook", failingReader{readErr})
	textPlain := postForm("a=1")
	textPlain.Header.Set("Content-Type", "text/plain")
	badType := postForm("a=1")
	badType.Header.Set("Content-Type", "application/x-www-form-urlencoded; =")
	put, _ := http.NewRequest(http.MethodPut, "https://shop.example/hook", strings.NewReader("a=1"))
	bigQuery, _ := http.NewRequest(http.MethodGet, "https://shop.example/hook?a="+strings.Repeat("x", 9), nil)
	// The Client wraps a webhook body in its own, smaller limit.
	outer := postForm("a=" + strings.Repeat("x", 8))
	outer.Body = http.MaxBytesReader(nil, outer.Body, 4)
	tests := []struct {
		name    string
		req     *http.Request
		message string
		cause   error // reachable with errors.Is, if not nil
		limit   int64 // of the *http.MaxBytesError, if any
	}{
		{"nil request", nil, "nil request", nil, 0},
		{"GET without URL", &http.Request{Method: http.MethodGet}, "request has no URL", nil, 0},
		{"POST without body", &http.Request{Method: http.MethodPost, Header: http.Header{}}, "empty body", nil, 0},
		{"unreadable body", unreadable, "reading the body", readErr, 0},
		{"text/plain", textPlain, `content type "text/plain" is not a form`, nil, 0},
		{"unparsable content type", badType, "is not a form", nil, 0},
		{"PUT", put, "method PUT", nil, 0},
		{"malformed form", postForm("a=%zz"), "malformed form", nil, 0},
		{"body over the limit", postForm("a=" + strings.Repeat("x", 9)), "body larger than 10 bytes", nil, 10},
		{"query over the limit", bigQuery, "query larger than 10 bytes", nil, 10},
		{"body over the Client's limit", outer, "body larger than 4 bytes", nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			form, err := providerkit.ReadForm(tt.req, 10)
			var pe *payments.Error
			if form != nil || !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &pe) || !strings.Contains(pe.Message, tt.message) {
				t.Fatalf("ReadForm = %v, %v; want ErrInvalidRequest saying %q", form, err, tt.message)
			}
			if pe.Op != "" || pe.Provider != "" {
				t.Errorf("Op %q, Provider %q: left for Stamp", pe.Op, pe.Provider)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("%v does not wrap %v", err, tt.cause)
			}
			var mbe *http.MaxBytesError
			if got := errors.As(err, &mbe); got != (tt.limit != 0) || (got && mbe.Limit != tt.limit) {
				t.Errorf("%v: *http.MaxBytesError found %v (%+v), want limit %d", err, got, mbe, tt.limit)
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	t.Parallel()
	r, _ := http.NewRequest(http.MethodPost, "https://shop.example/hook", strings.NewReader(`{"a":1}`))
	got, err := providerkit.ReadBody(r, 7)
	if err != nil || string(got) != `{"a":1}` {
		t.Fatalf("ReadBody = %q, %v", got, err)
	}
	r, _ = http.NewRequest(http.MethodPost, "https://shop.example/hook", strings.NewReader(`{"a":12}`))
	_, err = providerkit.ReadBody(r, 7)
	var mbe *http.MaxBytesError
	if !errors.Is(err, payments.ErrInvalidRequest) || !errors.As(err, &mbe) || mbe.Limit != 7 {
		t.Errorf("ReadBody over the limit = %v, want ErrInvalidRequest with an *http.MaxBytesError of 7", err)
	}
	// Zero means MaxResponseBytes.
	r, _ = http.NewRequest(http.MethodPost, "https://shop.example/hook", strings.NewReader(strings.Repeat("a", providerkit.MaxResponseBytes+1)))
	if _, err = providerkit.ReadBody(r, 0); !errors.As(err, &mbe) || mbe.Limit != providerkit.MaxResponseBytes {
		t.Errorf("ReadBody(limit 0) of MaxResponseBytes+1 = %v", err)
	}
	r, _ = http.NewRequest(http.MethodPost, "https://shop.example/hook", io.NopCloser(failingReader{io.ErrUnexpectedEOF}))
	if _, err = providerkit.ReadBody(r, 0); !errors.Is(err, io.ErrUnexpectedEOF) || !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("ReadBody of a broken body = %v", err)
	}
	for name, r := range map[string]*http.Request{"nil request": nil, "nil body": {Method: http.MethodPost}} {
		if _, err := providerkit.ReadBody(r, 0); !errors.Is(err, payments.ErrInvalidRequest) {
			t.Errorf("%s: ReadBody = %v, want ErrInvalidRequest", name, err)
		}
	}
}

// ReadForm reads outside input: whatever it is sent, it returns a form or an
// ErrInvalidRequest, never panics, and never returns more than it read.
func FuzzReadForm(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1&a=2", "a=%zz", "a;b", "=", "&&", "a=" + strings.Repeat("x", 40), "%", "a=1&b=%E2%82%AC"} {
		f.Add(http.MethodPost, s)
		f.Add(http.MethodGet, s)
	}
	f.Fuzz(func(t *testing.T, method, s string) {
		var r *http.Request
		if method == http.MethodGet {
			r = &http.Request{Method: method, URL: &url.URL{RawQuery: s}}
		} else {
			r = &http.Request{Method: method, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(s))}
		}
		form, err := providerkit.ReadForm(r, 32)
		if err != nil {
			if form != nil || !errors.Is(err, payments.ErrInvalidRequest) {
				t.Fatalf("ReadForm(%q, %q) = %v, %v", method, s, form, err)
			}
			return
		}
		if len(s) > 32 {
			t.Fatalf("ReadForm read %d bytes through a limit of 32", len(s))
		}
		if method != http.MethodGet && method != http.MethodPost && method != "" {
			t.Fatalf("ReadForm accepted method %q", method)
		}
	})
}
