package providerkit

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// WireLogMessage is the message of every record a [WireLog] writes.
const WireLogMessage = "payments: wire"

// DefaultWireLogBodyBytes is how much of each scrubbed body a [WireLog]
// logs when MaxBodyBytes is zero.
const DefaultWireLogBodyBytes = 16 << 10

// WireLog is an http.RoundTripper that logs every exchange with a provider
// for support cases: the operation (when [Do] sent it), method, host, URL
// path, the query and the headers and bodies of request and response, the
// status or the error, and the time taken, all scrubbed: values of
// [SecretKey] fields and headers (passwords, signatures, tokens,
// Authorization, cookies, card numbers, CVCs, expiry dates, mandates), any
// compact JWS or JWT, and any Luhn-valid run of 12 to 19 digits anywhere
// (see [ScrubBody] and [ScrubText]). It is off unless an operator switches
// it on (package providers: PAYMENTS_WIRE_LOG).
//
// The request reaches Transport and the response body reaches the caller
// byte for byte unchanged: WireLog reads a body and hands on a copy. It
// reads at most [MaxResponseBytes]+1 bytes of a body for the log; the rest
// is passed on unread. Each exchange is one record at slog.LevelInfo,
// written when the response body has been read for the log, so its
// duration includes the body.
type WireLog struct {
	// Transport sends the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives one record per exchange; nil means slog.Default().
	Logger *slog.Logger
	// MaxBodyBytes caps each scrubbed body in the log; zero means
	// DefaultWireLogBodyBytes, a negative value leaves bodies out.
	MaxBodyBytes int
}

// NewWireLog returns a WireLog over next (nil means http.DefaultTransport)
// that logs to logger (nil means slog.Default()).
func NewWireLog(next http.RoundTripper, logger *slog.Logger) *WireLog {
	return &WireLog{Transport: next, Logger: logger}
}

// RoundTrip implements http.RoundTripper.
func (w *WireLog) RoundTrip(r *http.Request) (*http.Response, error) {
	next := w.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	logger := w.Logger
	if logger == nil {
		logger = slog.Default()
	}
	ctx := r.Context()
	if !logger.Enabled(ctx, slog.LevelInfo) {
		return next.RoundTrip(r)
	}
	attrs := w.requestAttrs(r)
	if r.Body != nil && r.Body != http.NoBody {
		head, rest, err := peek(r.Body)
		attrs = append(attrs, w.bodyAttrs("request", r.Header.Get("Content-Type"), head, rest != nil || err != nil)...)
		if err != nil {
			// The transport gets what was read and then the same error,
			// as it would without the log, and decides what to send.
			attrs = append(attrs, slog.String("request_error", ScrubText(err.Error())))
			rest = errReader{err}
		}
		r = withBody(r, head, rest)
	}
	start := time.Now()
	resp, err := next.RoundTrip(r)
	if err != nil {
		attrs = append(attrs, slog.Duration("duration", time.Since(start)), slog.String("error", ScrubText(err.Error())))
		logger.LogAttrs(ctx, slog.LevelInfo, WireLogMessage, attrs...)
		return resp, err
	}
	attrs = append(attrs, slog.Int("status", resp.StatusCode), headerAttr("response_headers", resp.Header))
	if resp.Body != nil && resp.Body != http.NoBody {
		head, rest, rerr := peek(resp.Body)
		resp.Body = restored(head, rest, rerr, resp.Body)
		attrs = append(attrs, w.bodyAttrs("response", resp.Header.Get("Content-Type"), head, rest != nil)...)
		if rerr != nil {
			attrs = append(attrs, slog.String("response_error", ScrubText(rerr.Error())))
		}
	}
	attrs = append(attrs, slog.Duration("duration", time.Since(start)))
	logger.LogAttrs(ctx, slog.LevelInfo, WireLogMessage, attrs...)
	return resp, nil
}

// requestAttrs are the operation, method, host, path, scrubbed query and
// headers of r.
func (w *WireLog) requestAttrs(r *http.Request) []slog.Attr {
	var attrs []slog.Attr
	if ex, ok := ExchangeOf(r); ok {
		attrs = append(attrs, slog.String("op", string(ex.Op)), slog.Bool("moves_money", ex.MovesMoney))
	}
	attrs = append(attrs, slog.String("method", ScrubText(r.Method)))
	if r.URL != nil {
		attrs = append(attrs, slog.String("host", ScrubText(r.URL.Host)), slog.String("path", ScrubText(r.URL.Path)))
		if r.URL.RawQuery != "" {
			attrs = append(attrs, slog.String("query", ScrubForm(r.URL.RawQuery)))
		}
	}
	return append(attrs, headerAttr("request_headers", r.Header))
}

// bodyAttrs are the size and the scrubbed, capped text of a body whose
// first bytes are head; more says that the body went on after head
// (SIDE_more: the size is then of what was read).
func (w *WireLog) bodyAttrs(side, contentType string, head []byte, more bool) []slog.Attr {
	attrs := []slog.Attr{slog.Int(side+"_bytes", len(head))}
	if more {
		attrs = append(attrs, slog.Bool(side+"_more", true))
	}
	limit := w.MaxBodyBytes
	if limit == 0 {
		limit = DefaultWireLogBodyBytes
	}
	if limit < 0 || len(head) == 0 {
		return attrs
	}
	// Scrub only what may be logged: a body far longer than the cap is
	// cut first (and read by the generic rules, as it no longer parses).
	if window := max(4*limit, 64<<10); len(head) > window {
		head, more = head[:window], true
	}
	if more {
		head = dropPartialToken(head)
	}
	text := ScrubBody(contentType, head)
	if len(text) > limit || more {
		text = capText(text, limit) + "…(cut)"
	}
	return append(attrs, slog.String(side+"_body", text))
}

// peek reads up to MaxResponseBytes+1 bytes of body. rest is nil when the
// body ended within them, and otherwise the unread remainder. A read
// error other than the end is returned with what was read.
func peek(body io.Reader) (head []byte, rest io.Reader, err error) {
	head, err = io.ReadAll(io.LimitReader(body, MaxResponseBytes+1))
	if err != nil {
		return head, nil, err
	}
	if len(head) > MaxResponseBytes {
		return head, body, nil
	}
	return head, nil, nil
}

// withBody returns a shallow copy of r whose body yields head and then
// rest (nil: nothing more), and closes r's body when closed: the request
// that reaches the transport is byte for byte the one the caller made.
func withBody(r *http.Request, head []byte, rest io.Reader) *http.Request {
	r2 := r.Clone(r.Context())
	orig := r.Body
	var reader io.Reader = bytes.NewReader(head)
	if rest != nil {
		reader = io.MultiReader(reader, rest)
	} else {
		r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(head)), nil }
	}
	r2.Body = readCloser{reader, orig}
	return r2
}

// restored is the response body handed to the caller: head, then the
// remainder rest or the read error err, closing the original body.
func restored(head []byte, rest io.Reader, err error, orig io.Closer) io.ReadCloser {
	var reader io.Reader = bytes.NewReader(head)
	switch {
	case err != nil:
		reader = io.MultiReader(reader, errReader{err})
	case rest != nil:
		reader = io.MultiReader(reader, rest)
	}
	return readCloser{reader, orig}
}

type readCloser struct {
	io.Reader
	io.Closer
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// headerAttr is the group of h's headers, sorted by slog's handler as
// given, with secret headers' values [Redacted] and the others scrubbed.
func headerAttr(name string, h http.Header) slog.Attr {
	attrs := make([]any, 0, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		if secretHeader(k) {
			v = Redacted
		} else {
			v = ScrubText(v)
		}
		attrs = append(attrs, slog.String(ScrubText(k), v))
	}
	return slog.Group(name, attrs...)
}

// dropPartialToken drops the token a cut body may end inside (part of a
// JWS, a card number or a secret value), and then any digits, spaces and
// dashes before it (the first groups of a card number written in groups),
// so that no part of it is logged.
func dropPartialToken(b []byte) []byte {
	i := bytes.LastIndexFunc(b, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~+/=%", r))
	})
	return bytes.TrimRight(b[:i+1], "0123456789 -")
}

// capText cuts scrubbed text s to at most limit bytes on a rune boundary,
// and drops digits, spaces and dashes at the cut: cutting a long number
// (in one piece or in groups) must not leave a shorter one that reads as
// a card number.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return strings.TrimRight(s, "0123456789 -")
	}
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return strings.TrimRight(s[:limit], "0123456789 -")
}
