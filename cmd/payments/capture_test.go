package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Robokassa's ResultURL fields (https://docs.robokassa.ru/notifications-and-redirects;
// values are placeholders, the signature is not checked here).
const rkBody = "OutSum=10.00&InvId=1001&SignatureValue=0123456789ABCDEF0123456789ABCDEF&Shp_item=book"

var defaults = captureDefaults{Method: "POST", Path: "/webhooks", ContentType: "application/x-www-form-urlencoded"}

// dump returns what httputil.DumpRequest captures of a server-side request
// with body, with the Content-Length header a server sees.
func dump(t testing.TB, method, target, body string, header map[string]string) []byte {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Length", strconv.Itoa(len(body)))
	for k, v := range header {
		r.Header.Set(k, v)
	}
	if body == "" {
		r.Header.Del("Content-Length")
	}
	b, err := httputil.DumpRequest(r, true)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseCaptured(t *testing.T) {
	t.Parallel()
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	tests := []struct {
		name    string
		in      string
		format  string
		method  string
		target  string
		body    string
		wantErr string
	}{
		{name: "dumped POST", in: string(dump(t, "POST", "/result", rkBody, form)), format: formatRawRequest, method: "POST", target: "/result", body: rkBody},
		{name: "dumped GET", in: string(dump(t, "GET", "/result?"+rkBody, "", nil)), format: formatRawRequest, method: "GET", target: "/result?" + rkBody, body: ""},
		{name: "LF line endings", in: "POST /hook HTTP/1.1\nHost: shop\nContent-Length: 3\n\na=1\n", format: formatRawRequest, method: "POST", target: "/hook", body: "a=1"},
		{name: "no Content-Length: the rest", in: "POST /hook HTTP/1.1\r\nHost: shop\r\n\r\n" + rkBody + "\r\n", format: formatRawRequest, method: "POST", target: "/hook", body: rkBody},
		{name: "chunked", in: "POST /hook HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n4\r\n&b=2\r\n0\r\n\r\n", format: formatRawRequest, method: "POST", target: "/hook", body: "a=1&b=2"},
		{name: "leading blank lines", in: "\r\n\nPOST /hook HTTP/1.0\r\nContent-Length: 3\r\n\r\na=1", format: formatRawRequest, method: "POST", target: "/hook", body: "a=1"},
		{name: "absolute target", in: "POST http://shop.example/hook HTTP/1.1\r\nContent-Length: 3\r\n\r\na=1", format: formatRawRequest, method: "POST", target: "http://shop.example/hook", body: "a=1"},
		{name: "bare body", in: rkBody + "\n", format: formatFormBody, method: "POST", target: "/webhooks", body: rkBody},
		{name: "bare body with BOM and CRLF", in: "\xef\xbb\xbf" + rkBody + "\r\n", format: formatFormBody, method: "POST", target: "/webhooks", body: rkBody},
		{name: "body mentioning HTTP", in: "note=POST+%2F+HTTP%2F1.1&a=1", format: formatFormBody, method: "POST", target: "/webhooks", body: "note=POST+%2F+HTTP%2F1.1&a=1"},
		{name: "lower-case method is a body", in: "post /hook HTTP/1.1\r\n\r\n", format: formatFormBody, method: "POST", target: "/webhooks", body: "post /hook HTTP/1.1"},
		{name: "not HTTP", in: "POST /hook SMTP/1.0\r\n\r\n", format: formatFormBody, method: "POST", target: "/webhooks", body: "POST /hook SMTP/1.0"},
		{name: "empty", in: " \r\n", wantErr: "the input is empty"},
		{name: "truncated body", in: "POST /hook HTTP/1.1\r\nContent-Length: 50\r\n\r\na=4111111111111111", wantErr: "shorter than its Content-Length of 50"},
		{name: "bad header", in: "POST /hook HTTP/1.1\r\nno colon 4111111111111111\r\n\r\n", wantErr: "malformed HTTP request"},
		{name: "bad Content-Length", in: "POST /hook HTTP/1.1\r\nContent-Length: 4111111111111111x\r\n\r\n", wantErr: "malformed HTTP request"},
		{name: "headers cut short", in: "POST /hook HTTP/1.1\r\nHost: shop\r\n", wantErr: "ends too early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseCaptured([]byte(tt.in), defaults)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "4111111111111111") {
					t.Errorf("the error quotes the input: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := struct{ Format, Method, Target, Body string }{c.Format, c.Method, c.Target, string(c.Body)}
			want := struct{ Format, Method, Target, Body string }{tt.format, tt.method, tt.target, tt.body}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parseCaptured (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCapturedRequest checks the request built for verification: flags
// override a raw request only when given, and a GET bare body becomes the
// query.
func TestCapturedRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name       string
		in         string
		def, over  captureDefaults
		wantMethod string
		wantURL    string
		wantCT     string
		wantBody   string
	}{
		{"raw as captured", string(dump(t, "POST", "/result?x=1", "a=1", map[string]string{"Content-Type": "application/x-www-form-urlencoded"})), defaults, captureDefaults{},
			"POST", "http://example.com/result?x=1", "application/x-www-form-urlencoded", "a=1"},
		{"raw with overrides", string(dump(t, "POST", "/result?x=1", "a=1", nil)), defaults, captureDefaults{Method: "put", Path: "/hooks", ContentType: "text/plain"},
			"PUT", "http://example.com/hooks?x=1", "text/plain", "a=1"},
		{"bare POST", "a=1&b=2\n", defaults, captureDefaults{},
			"POST", "http://webhook.invalid/webhooks", "application/x-www-form-urlencoded", "a=1&b=2"},
		{"bare GET", "a=1&b=2\n", captureDefaults{Method: "get", Path: "/result"}, captureDefaults{},
			"GET", "http://webhook.invalid/result?a=1&b=2", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseCaptured([]byte(tt.in), tt.def)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.request(ctx, tt.over)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(r.Body)
			got := []string{r.Method, r.URL.String(), r.Header.Get("Content-Type"), string(body)}
			want := []string{tt.wantMethod, tt.wantURL, tt.wantCT, tt.wantBody}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldNames(t *testing.T) {
	t.Parallel()
	c := &captured{Target: "/r?InvId=5&OutSum=1", Body: []byte("OutSum=1&Shp_a=x&card=4111111111111111")}
	got, ok := c.fieldNames()
	if diff := cmp.Diff([]string{"InvId", "OutSum", "Shp_a", "card"}, got); !ok || diff != "" {
		t.Errorf("fieldNames (-want +got), ok=%v:\n%s", ok, diff)
	}
	if _, ok := (&captured{Target: "/", Body: []byte("a=%zz")}).fieldNames(); ok {
		t.Error("a malformed form parsed")
	}
}

// FuzzParseCaptured feeds the captured-webhook parser arbitrary input: it
// never panics; input without a request line is always a bare body; an
// error never quotes the input; and any body dumped in a raw request (as
// httputil.DumpRequest writes it, with its Content-Length) comes back
// byte for byte.
func FuzzParseCaptured(f *testing.F) {
	f.Add([]byte(rkBody))
	f.Add([]byte(rkBody + "\r\n"))
	f.Add(dump(f, "POST", "/result", rkBody, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}))
	f.Add(dump(f, "GET", "/result?"+rkBody, "", nil))
	f.Add([]byte("POST /hook HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n"))
	f.Add([]byte("POST /hook HTTP/1.1\r\nContent-Length: 9\r\n\r\na=1"))
	f.Add([]byte("POST /hook HTTP/1.1\nHost: x\n\nwebhook_type=invoice&amount=10.0000&signature=abc"))
	f.Add([]byte("GET * HTTP/9.9\r\n\r\n"))
	f.Add([]byte("\xef\xbb\xbf\r\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		c, err := parseCaptured(data, defaults)
		if err != nil {
			if len(data) >= 12 && strings.Contains(err.Error(), string(data)) {
				t.Errorf("the error quotes the input: %v", err)
			}
		} else {
			trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), "\r\n")
			if !isRawRequest(trimmed) {
				if c.Format != formatFormBody {
					t.Fatalf("format %q without a request line", c.Format)
				}
				if want := bytes.TrimRight(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), "\r\n"); !bytes.Equal(c.Body, want) {
					t.Fatalf("bare body %q, want %q", c.Body, want)
				}
			}
			if r, err := c.request(ctx, captureDefaults{}); err == nil {
				_, _ = io.ReadAll(r.Body)
			}
			_, _ = c.fieldNames()
		}

		// The same bytes as the body of a dumped request come back exactly.
		req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Content-Length", strconv.Itoa(len(data)))
		raw, err := httputil.DumpRequest(req, true)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := parseCaptured(raw, defaults)
		if err != nil {
			t.Fatalf("dumped request: %v\n%q", err, raw)
		}
		if rc.Format != formatRawRequest || rc.Method != http.MethodPost || rc.Target != "/webhooks" || !bytes.Equal(rc.Body, data) {
			t.Fatalf("dumped request parsed as %s %s %s %q, want the body %q", rc.Format, rc.Method, rc.Target, rc.Body, data)
		}
	})
}
