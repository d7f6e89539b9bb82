package providerkit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// logSink is a *slog.Logger writing JSON records into a buffer.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(s, &slog.HandlerOptions{Level: level}))
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// records decodes the records written so far.
func (s *logSink) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("record %q: %v", line, err)
		}
		delete(m, "time")
		out = append(out, m)
	}
	return out
}

func TestWireLogExchange(t *testing.T) {
	t.Parallel()
	reqBody := `{"TerminalKey":"TestDEMO","Amount":1000,"Token":"s3cr3t-token","DATA":{"Pan":"4300000000000777"}}`
	respBody := `{"Success":true,"PaymentId":"700","RebillId":"145919","CardId":"42","Pan":"430000******0777"}`
	var gotReq []byte
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		gotReq = b
		if r.GetBody == nil {
			t.Error("GetBody is nil: the request cannot be sent again")
		} else if rb, _ := r.GetBody(); rb != nil {
			if again, _ := io.ReadAll(rb); string(again) != reqBody {
				t.Errorf("GetBody gave %q", again)
			}
		}
		h := http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"sid=abc"}, "X-Request-Id": {"r-1"}}
		return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(respBody))}, nil
	})
	var sink logSink
	client := &http.Client{Transport: providerkit.NewWireLog(next, sink.logger(slog.LevelInfo))}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost,
		"https://securepay.example/v2/Init?a=1&SignatureValue=abc&pan=4111111111111111", strings.NewReader(reqBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer xyz")
	req.Header.Set("X-Signature", "sig")
	resp, err := providerkit.Do(t.Context(), client, req, providerkit.Moving(payments.OpInitPayment))
	if err != nil {
		t.Fatal(err)
	}
	if string(gotReq) != reqBody {
		t.Errorf("the provider got %q, want the request unchanged", gotReq)
	}
	if string(resp.Body) != respBody {
		t.Errorf("the caller got %q, want the response unchanged", resp.Body)
	}
	recs := sink.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1:\n%s", len(recs), sink.String())
	}
	got := recs[0]
	if d, ok := got["duration"].(float64); !ok || d < 0 {
		t.Errorf("duration = %v", got["duration"])
	}
	delete(got, "duration")
	want := map[string]any{
		"level": "INFO", "msg": providerkit.WireLogMessage,
		"op": "init_payment", "moves_money": true, "method": "POST", "host": "securepay.example", "path": "/v2/Init",
		"query":            "a=1&SignatureValue=[redacted]&pan=[redacted]",
		"request_headers":  map[string]any{"Content-Type": "application/json", "Authorization": "[redacted]", "X-Signature": "[redacted]"},
		"request_bytes":    float64(len(reqBody)),
		"request_body":     `{"Amount":1000,"DATA":{"Pan":"[redacted]"},"TerminalKey":"TestDEMO","Token":"[redacted]"}`,
		"status":           float64(200),
		"response_headers": map[string]any{"Content-Type": "application/json", "Set-Cookie": "[redacted]", "X-Request-Id": "r-1"},
		"response_bytes":   float64(len(respBody)),
		"response_body":    `{"CardId":"42","Pan":"[redacted]","PaymentId":"700","RebillId":"[redacted]","Success":true}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
}

func TestWireLogLargeBodies(t *testing.T) {
	t.Parallel()
	// A body longer than the wire log reads: the caller and the provider
	// still get all of it, and the log shows a capped, scrubbed start. The
	// card number straddles the point where the log stops reading, so
	// that what is read of it is only its first 13 digits, which alone do
	// not pass Luhn: they must not be logged either.
	// The card is written in groups, as on the card; the read stops
	// after "4111 1111 1111 1".
	filler := strings.Repeat("abcd ", (providerkit.MaxResponseBytes+1-16-6)/5) + "abcde "
	if len(filler) != providerkit.MaxResponseBytes+1-16 {
		t.Fatalf("filler of %d bytes", len(filler))
	}
	big := filler + "4111 1111 1111 1111 tail"
	tests := []struct {
		name     string
		maxBytes int
		wantBody func(string) bool
	}{
		{"capped at 64 bytes", 64, func(s string) bool { return s == strings.Repeat("abcd ", 12)+"abcd…(cut)" }},
		{"capped beyond the read", 4 << 20, func(s string) bool { return s == strings.TrimSuffix(filler, " ")+"…(cut)" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var sent []byte
			next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				sent, _ = io.ReadAll(r.Body)
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(sent))}, nil
			})
			var sink logSink
			w := &providerkit.WireLog{Transport: next, Logger: sink.logger(slog.LevelInfo), MaxBodyBytes: tt.maxBytes}
			req, _ := http.NewRequest(http.MethodPost, "http://p.example/echo", strings.NewReader(big))
			resp, err := w.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil || string(b) != big || string(sent) != big {
				t.Fatalf("the provider got %d bytes and the caller %d (%v), want the %d sent", len(sent), len(b), err, len(big))
			}
			recs := sink.records(t)
			if len(recs) != 1 {
				t.Fatalf("%d records", len(recs))
			}
			for _, side := range []string{"request", "response"} {
				if got, more := recs[0][side+"_bytes"], recs[0][side+"_more"]; got != float64(providerkit.MaxResponseBytes+1) || more != true {
					t.Errorf("%s_bytes = %v, %s_more = %v; want %d, true", side, got, side, more, providerkit.MaxResponseBytes+1)
				}
				body, _ := recs[0][side+"_body"].(string)
				if !tt.wantBody(body) {
					t.Errorf("%s_body = %.80q…%q", side, body, body[max(0, len(body)-40):])
				}
			}
			if strings.Contains(sink.String(), "4111 1") {
				t.Error("part of the card number is logged")
			}
		})
	}
}

func TestWireLogErrors(t *testing.T) {
	t.Parallel()
	t.Run("transport error passes through", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("dial tcp: refused for password=hunter2")
		var sink logSink
		w := providerkit.NewWireLog(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, boom }), sink.logger(slog.LevelInfo))
		req, _ := http.NewRequest(http.MethodGet, "http://p.example/state?Signature=abc", nil)
		if _, err := w.RoundTrip(req); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the transport's", err)
		}
		recs := sink.records(t)
		if len(recs) != 1 || recs[0]["error"] != "dial tcp: refused for password=[redacted]" || recs[0]["query"] != "Signature=[redacted]" {
			t.Errorf("records = %v", recs)
		}
	})
	t.Run("response body error passes through", func(t *testing.T) {
		t.Parallel()
		cut := errors.New("connection reset")
		body := io.NopCloser(io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(cut)))
		var sink logSink
		w := providerkit.NewWireLog(roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: body}, nil
		}), sink.logger(slog.LevelInfo))
		req, _ := http.NewRequest(http.MethodGet, "http://p.example/", nil)
		resp, err := w.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		if string(b) != "partial" || !errors.Is(err, cut) {
			t.Errorf("the caller read %q, %v; want \"partial\" and the read error", b, err)
		}
		if recs := sink.records(t); len(recs) != 1 || recs[0]["response_error"] != "connection reset" {
			t.Errorf("records = %v", recs)
		}
	})
}

func TestWireLogQuiet(t *testing.T) {
	t.Parallel()
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 204, Header: http.Header{}, Body: http.NoBody}, nil
	})
	t.Run("level above info logs nothing", func(t *testing.T) {
		t.Parallel()
		var sink logSink
		w := providerkit.NewWireLog(next, sink.logger(slog.LevelWarn))
		req, _ := http.NewRequest(http.MethodPost, "http://p.example/", strings.NewReader("password=x"))
		if _, err := w.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if s := sink.String(); s != "" {
			t.Errorf("logged %q", s)
		}
	})
	t.Run("negative MaxBodyBytes leaves bodies out", func(t *testing.T) {
		t.Parallel()
		var sink logSink
		w := &providerkit.WireLog{Transport: next, Logger: sink.logger(slog.LevelInfo), MaxBodyBytes: -1}
		req, _ := http.NewRequest(http.MethodPost, "http://p.example/", strings.NewReader("a=1"))
		if _, err := w.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		recs := sink.records(t)
		if len(recs) != 1 || recs[0]["request_bytes"] != float64(3) || recs[0]["request_body"] != nil {
			t.Errorf("records = %v", recs)
		}
	})
}

// TestWireLogCutInsideNumber: a body cut for the log inside a number that
// is no card number, in one piece or in groups, must not leave a 16-digit
// number that reads as one (4111111111111111 passes Luhn; the 20 digits
// and the 17 in groups, and their 12-digit start, do not).
func TestWireLogCutInsideNumber(t *testing.T) {
	t.Parallel()
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody}, nil
	})
	for _, tt := range []struct {
		body string
		max  int
	}{
		{"x 41111111111111111110 y", len("x 4111111111111111")},
		{"x 4111 1111 1111 11110 y", len("x 4111 1111 1111 1111")},
	} {
		var sink logSink
		w := &providerkit.WireLog{Transport: next, Logger: sink.logger(slog.LevelInfo), MaxBodyBytes: tt.max}
		req, _ := http.NewRequest(http.MethodPost, "http://p.example/", strings.NewReader(tt.body))
		if _, err := w.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if recs := sink.records(t); len(recs) != 1 || recs[0]["request_body"] != "x…(cut)" {
			t.Errorf("%q: records = %v, want the body cut before the number", tt.body, recs)
		}
	}
}
