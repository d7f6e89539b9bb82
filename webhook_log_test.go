package payments_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

// scriptedStore is an EventStore whose Claim and Complete fail as set, or
// whose Claim finds every event held by another delivery.
type scriptedStore struct {
	payments.MemoryStore
	busy        bool
	claimErr    error
	completeErr error
}

func (s *scriptedStore) Claim(ctx context.Context, key string, lease time.Duration) (payments.Claim, error) {
	switch {
	case s.claimErr != nil:
		return payments.Claim{}, s.claimErr
	case s.busy:
		return payments.Claim{Key: key, State: payments.ClaimBusy}, nil
	}
	return s.MemoryStore.Claim(ctx, key, lease)
}

func (s *scriptedStore) Complete(ctx context.Context, c payments.Claim) error {
	if s.completeErr != nil {
		return s.completeErr
	}
	return s.MemoryStore.Complete(ctx, c)
}

// logBuffer is a concurrency-safe buffer for a JSON slog handler.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logRecord is the part of a webhook log record the tests check.
type logRecord struct {
	Level    string `json:"level"`
	Msg      string `json:"msg"`
	Provider string `json:"provider"`
	Op       string `json:"op"`
	Status   int    `json:"status"`
	EventID  string `json:"event_id"`
	OrderID  string `json:"order_id"`
	Error    string `json:"error"`
}

func records(t *testing.T, out string) []logRecord {
	t.Helper()
	var got []logRecord
	for line := range strings.Lines(out) {
		var r logRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		got = append(got, r)
	}
	return got
}

func TestWebhookHandlerLogsEveryRefusal(t *testing.T) {
	t.Parallel()
	fnFails := errors.New("app: database is down")
	tests := []struct {
		name     string
		body     string
		max      int64
		store    *scriptedStore
		expected func(context.Context, *payments.Event) (payments.Money, error)
		fnErr    error
		handled  bool // the event was handled by an earlier delivery
		want     logRecord
		reason   string // part of the error text
	}{
		{name: "acknowledged", body: goodHook,
			want: logRecord{Level: "DEBUG", Status: http.StatusAccepted, EventID: "evt-1", OrderID: "1001"}},
		{name: "already handled", body: goodHook, handled: true,
			want: logRecord{Level: "DEBUG", Status: http.StatusAccepted, EventID: "evt-1", OrderID: "1001"}},
		{name: "bad signature", body: "id=evt-1&order=1001&amount=10.00&sig=bad",
			want: logRecord{Level: "WARN", Status: http.StatusForbidden}, reason: "invalid signature"},
		{name: "unparseable", body: "order=1001&amount=10.00&sig=good",
			want: logRecord{Level: "WARN", Status: http.StatusBadRequest}, reason: "missing id or order"},
		{name: "too large", body: goodHook + "&pad=" + strings.Repeat("x", 100), max: 64,
			want: logRecord{Level: "WARN", Status: http.StatusRequestEntityTooLarge}, reason: "too large"},
		{name: "ExpectedAmount fails", body: goodHook,
			expected: func(context.Context, *payments.Event) (payments.Money, error) {
				return payments.Money{}, errors.New("orders: lookup failed")
			},
			want: logRecord{Level: "ERROR", Status: http.StatusInternalServerError, EventID: "evt-1", OrderID: "1001"}, reason: "orders: lookup failed"},
		{name: "amount mismatch", body: goodHook,
			expected: func(context.Context, *payments.Event) (payments.Money, error) { return rub("12.00"), nil },
			want:     logRecord{Level: "WARN", Status: http.StatusUnprocessableEntity, EventID: "evt-1", OrderID: "1001"}, reason: "says 10.00 RUB, expected 12.00 RUB"},
		{name: "being handled elsewhere", body: goodHook, store: &scriptedStore{busy: true},
			want: logRecord{Level: "WARN", Status: http.StatusConflict, EventID: "evt-1", OrderID: "1001"}, reason: "event evt-1 is being handled by another delivery"},
		{name: "store Claim fails", body: goodHook, store: &scriptedStore{claimErr: errors.New("store: connection refused")},
			want: logRecord{Level: "ERROR", Status: http.StatusInternalServerError, EventID: "evt-1", OrderID: "1001"}, reason: "store: connection refused"},
		{name: "app function fails", body: goodHook, fnErr: fnFails,
			want: logRecord{Level: "ERROR", Status: http.StatusInternalServerError, EventID: "evt-1", OrderID: "1001"}, reason: "app: database is down"},
		{name: "store Complete fails after success", body: goodHook, store: &scriptedStore{completeErr: errors.New("store: write failed")},
			want: logRecord{Level: "ERROR", Status: http.StatusAccepted, EventID: "evt-1", OrderID: "1001"}, reason: "store: write failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf logBuffer
			log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			fn := counter{fail: func() error { return tt.fnErr }}
			var reported []error
			opts := &payments.HandlerOptions{
				ExpectedAmount: tt.expected,
				OnError:        func(_ *http.Request, err error) { reported = append(reported, err) },
			}
			if tt.store != nil {
				opts.Store = tt.store
			}
			if tt.handled {
				opts.Store = &payments.MemoryStore{}
				// An earlier delivery, through a client without the logger.
				deliver(newClient(t, newStub(), nil).WebhookHandler(fn.handle, opts), tt.body)
			}
			c := newClient(t, newStub(), &payments.Options{MaxWebhookBytes: tt.max, Logger: log})
			w := deliver(c.WebhookHandler(fn.handle, opts), tt.body)
			if tt.handled && fn.n.Load() != 1 {
				t.Errorf("fn called %d times, want once", fn.n.Load())
			}
			if w.Code != tt.want.Status {
				t.Errorf("answered %d, want %d", w.Code, tt.want.Status)
			}
			got := records(t, buf.String())
			if len(got) != 1 {
				t.Fatalf("%d log records, want exactly 1:\n%s", len(got), buf.String())
			}
			want := tt.want
			want.Msg, want.Provider, want.Op = "payments: webhook", "stub", "verify_webhook"
			gotErr := got[0].Error
			got[0].Error = ""
			if diff := cmp.Diff(want, got[0]); diff != "" {
				t.Errorf("log record (-want +got):\n%s", diff)
			}
			if tt.reason == "" {
				if gotErr != "" || len(reported) != 0 {
					t.Errorf("error %q, OnError %v for an acknowledged delivery", gotErr, reported)
				}
				return
			}
			if !strings.Contains(gotErr, tt.reason) {
				t.Errorf("logged error %q lacks the reason %q", gotErr, tt.reason)
			}
			if len(reported) != 1 || reported[0].Error() != gotErr {
				t.Errorf("OnError got %v, want once the logged error %q", reported, gotErr)
			}
		})
	}
}

// The handler's record replaces VerifyWebhook's: a refused delivery is one
// record, not two.
func TestWebhookHandlerOneRecordPerDelivery(t *testing.T) {
	t.Parallel()
	var buf logBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var fn counter
	h := newClient(t, newStub(), &payments.Options{Logger: log}).WebhookHandler(fn.handle, nil)
	deliver(h, goodHook)
	deliver(h, "id=evt-2&order=1002&amount=10.00&sig=bad")
	deliver(h, goodHook)
	got := records(t, buf.String())
	var status []int
	for _, r := range got {
		status = append(status, r.Status)
	}
	if diff := cmp.Diff([]int{http.StatusAccepted, http.StatusForbidden, http.StatusAccepted}, status); diff != "" {
		t.Errorf("statuses of the records (-want +got):\n%s\n%s", diff, buf.String())
	}
}
