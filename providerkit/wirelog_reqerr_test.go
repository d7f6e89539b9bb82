package providerkit_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/paykit/payments/providerkit"
)

// TestWireLogRequestBodyError: a request body that fails part way reaches
// the transport as it would without the wire log (what was read, then the
// same error), so that the transport, not the log, decides what is sent
// and what error the caller sees; the record names the error and shows
// the body read as cut.
func TestWireLogRequestBodyError(t *testing.T) {
	t.Parallel()
	cut := errors.New("disk gone after password=hunter2")
	var sent string
	var readErr error
	called := false
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		called = true
		b, err := io.ReadAll(r.Body)
		sent, readErr = string(b), err
		_ = r.Body.Close()
		return nil, err
	})
	var sink logSink
	w := providerkit.NewWireLog(next, sink.logger(slog.LevelInfo))
	body := io.NopCloser(io.MultiReader(strings.NewReader("pan=4111111111111111&OutSum=10.00"), iotest.ErrReader(cut)))
	req, _ := http.NewRequest(http.MethodPost, "http://p.example/pay", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err := w.RoundTrip(req)
	if !called {
		t.Fatalf("the transport was not called; RoundTrip returned %v", err)
	}
	if sent != "pan=4111111111111111&OutSum=10.00" || !errors.Is(readErr, cut) || !errors.Is(err, cut) {
		t.Errorf("the transport read %q, %v and RoundTrip returned %v; want the body's bytes, then its error", sent, readErr, err)
	}
	recs := sink.records(t)
	if len(recs) != 1 || recs[0]["request_error"] != "disk gone after password=[redacted]" || recs[0]["request_body"] != "pan=[redacted]&…(cut)" {
		t.Errorf("records = %v", recs)
	}
	if strings.Contains(sink.String(), "hunter2") || strings.Contains(sink.String(), "4111111111111111") {
		t.Errorf("the record holds a secret: %s", sink.String())
	}
}
