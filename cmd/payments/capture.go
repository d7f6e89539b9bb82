package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Formats of a captured webhook.
const (
	formatRawRequest = "raw_request" // as dumped by httputil.DumpRequest
	formatFormBody   = "form_body"   // the body alone
)

// captureDefaults are what a bare body is sent with (the -method, -path and
// -content-type flags); for a raw request they apply only when set.
type captureDefaults struct {
	Method      string
	Path        string
	ContentType string
}

// captured is a webhook read from a file: a raw HTTP request or a bare body.
type captured struct {
	// Format is formatRawRequest or formatFormBody.
	Format string
	// Method, Target (the request-target: path and query) and Header are the
	// request's; for a bare body they come from the defaults.
	Method string
	Target string
	Header http.Header
	// Host is the request's Host header, if captured.
	Host string
	// Body is the request's body, exactly as it would arrive.
	Body []byte
}

// isRawRequest reports whether data starts with an HTTP/1.x request line
// ("POST /webhooks HTTP/1.1"). A form body cannot: its first line has no
// spaces (they are encoded as '+' or %20).
func isRawRequest(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	parts := strings.Split(string(line), " ")
	if len(parts) != 3 {
		return false
	}
	method, target, proto := parts[0], parts[1], parts[2]
	if method == "" || len(method) > 16 || target == "" {
		return false
	}
	for _, r := range method {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	if !strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") && target != "*" {
		return false
	}
	_, _, ok := http.ParseHTTPVersion(proto)
	return ok
}

// parseCaptured reads a captured webhook: a raw HTTP request (detected by
// its request line) or else a bare body, sent with def. A trailing newline
// that an editor adds to a bare body, or after a request's declared body,
// is not part of the body. Errors say what is malformed, never quoting the
// input.
func parseCaptured(data []byte, def captureDefaults) (*captured, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	trimmed := bytes.TrimLeft(data, "\r\n")
	if isRawRequest(trimmed) {
		return parseRawRequest(trimmed)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the input is empty")
	}
	c := &captured{
		Format: formatFormBody,
		Method: strings.ToUpper(def.Method),
		Target: def.Path,
		Header: http.Header{},
		Body:   bytes.TrimRight(data, "\r\n"),
	}
	if c.Method == "" {
		c.Method = http.MethodPost
	}
	if c.Target == "" {
		c.Target = "/"
	}
	if c.Method == http.MethodGet || c.Method == http.MethodHead {
		// A GET webhook carries its fields in the query.
		c.Target += "?" + string(c.Body)
		c.Body = nil
	} else if def.ContentType != "" {
		c.Header.Set("Content-Type", def.ContentType)
	}
	return c, nil
}

func parseRawRequest(data []byte) (*captured, error) {
	br := bufio.NewReader(bytes.NewReader(data))
	r, err := http.ReadRequest(br)
	if err != nil {
		return nil, fmt.Errorf("malformed HTTP request: %s", describeReadError(err))
	}
	c := &captured{Format: formatRawRequest, Method: r.Method, Target: r.RequestURI, Header: r.Header, Host: r.Host}
	switch {
	case r.ContentLength > 0 || len(r.TransferEncoding) > 0:
		body, err := io.ReadAll(r.Body)
		if err != nil {
			if r.ContentLength > 0 {
				return nil, fmt.Errorf("the body is shorter than its Content-Length of %d bytes (truncated capture?)", r.ContentLength)
			}
			return nil, fmt.Errorf("malformed chunked body: %s", describeReadError(err))
		}
		c.Body = body
		c.Header.Del("Transfer-Encoding")
	case r.Header.Get("Content-Length") == "":
		// No length: the body is the rest of the capture.
		rest, _ := io.ReadAll(br)
		c.Body = bytes.TrimRight(rest, "\r\n")
	}
	return c, nil
}

// describeReadError is err without the input it may quote: net/http puts
// the offending text after a colon or in quotes; keep the reason before.
func describeReadError(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "it ends too early"
	}
	msg := err.Error()
	if i := strings.IndexAny(msg, ":\""); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// request builds the *http.Request to verify, with flags overriding what
// was captured (for a raw request, only the flags set explicitly).
func (c *captured) request(ctx context.Context, over captureDefaults) (*http.Request, error) {
	method, target := c.Method, c.Target
	if over.Method != "" {
		method = strings.ToUpper(over.Method)
	}
	if over.Path != "" {
		_, query, hasQuery := strings.Cut(target, "?")
		target = over.Path
		if hasQuery {
			target += "?" + query
		}
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return nil, errors.New("the request target is not a valid path")
	}
	if !u.IsAbs() {
		u.Scheme, u.Host = "http", "webhook.invalid"
		if c.Host != "" && !strings.ContainsAny(c.Host, "/?#@ \\") {
			u.Host = c.Host
		}
	}
	r, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(c.Body))
	if err != nil {
		return nil, errors.New("cannot build the request: bad method or target")
	}
	r.Header = c.Header.Clone()
	if over.ContentType != "" {
		r.Header.Set("Content-Type", over.ContentType)
	}
	r.ContentLength = int64(len(c.Body))
	r.RequestURI = ""
	return r, nil
}

// fieldNames returns the names of the form fields in the query and (for a
// form) the body, in order and without values: values may hold card
// numbers. ok is false when they do not parse as a form.
func (c *captured) fieldNames() (names []string, ok bool) {
	seen := map[string]bool{}
	add := func(raw string) bool {
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return false
		}
		for _, kv := range strings.Split(raw, "&") {
			k, _, _ := strings.Cut(kv, "=")
			if k, err := url.QueryUnescape(k); err == nil && k != "" && !seen[k] {
				if _, in := vals[k]; in {
					seen[k] = true
					names = append(names, k)
				}
			}
		}
		return true
	}
	ok = true
	if _, q, has := strings.Cut(c.Target, "?"); has {
		ok = add(q)
	}
	if len(c.Body) > 0 {
		ok = add(string(c.Body)) && ok
	}
	return names, ok
}
