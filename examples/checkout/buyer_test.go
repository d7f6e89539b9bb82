package main

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startShop starts the shop on a free port with the in-process sandbox
// playing provider, and stops it when the test ends.
func startShop(t *testing.T, provider string) *instance {
	t.Helper()
	return startWith(t, settings{provider: provider, sandbox: true, sandboxAddr: "127.0.0.1:0"})
}

// startWith starts the shop with s on a free port (unless s has a
// listener) and stops it when the test ends.
func startWith(t *testing.T, s settings) *instance {
	t.Helper()
	if s.listener == nil {
		s.listener = listen(t)
	}
	if s.getenv == nil {
		s.getenv = func(string) string { return "" }
	}
	if s.out == nil {
		s.out = testWriter{t}
	}
	in, err := start(t.Context(), s)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := in.shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return in
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// testWriter sends the shop's log to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// buyer is a browser without JavaScript: it follows redirects and submits
// forms.
type buyer struct {
	t *testing.T
	c *http.Client
}

func newBuyer(t *testing.T) *buyer {
	tr := &http.Transport{DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &buyer{t: t, c: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// page is a response the buyer landed on after redirects.
type page struct {
	url    *url.URL
	status int
	body   string
}

func (b *buyer) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("%s %s: reading: %v", req.Method, req.URL, err)
	}
	return page{url: resp.Request.URL, status: resp.StatusCode, body: string(body)}
}

func (b *buyer) get(u string) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodGet, u, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *buyer) post(u string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// click submits the form on p that holds the button with id, as a browser
// would: the form's inputs plus the button's own name and value.
func (b *buyer) click(p page, id string) page {
	b.t.Helper()
	action, form, ok := formOf(p.body, id)
	if !ok {
		b.t.Fatalf("no form with button #%s on %s:\n%s", id, p.url, p.body)
	}
	target, err := p.url.Parse(action)
	if err != nil {
		b.t.Fatalf("form action %q: %v", action, err)
	}
	return b.post(target.String(), form)
}

var (
	formRE   = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRE  = regexp.MustCompile(`(?is)<(input|button)\b([^>]*)>`)
	attrRE   = regexp.MustCompile(`([\w-]+)="([^"]*)"`)
	statusRE = regexp.MustCompile(`<p id="status"[^>]*data-status="(\w+)"(?: data-via="(\w*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(s, -1) {
		m[strings.ToLower(a[1])] = html.UnescapeString(a[2])
	}
	return m
}

// formOf finds the form holding the button with id and returns its action
// and the fields a click on that button submits.
func formOf(body, id string) (action string, form url.Values, ok bool) {
	for _, f := range formRE.FindAllStringSubmatch(body, -1) {
		form = url.Values{}
		found := false
		for _, in := range inputRE.FindAllStringSubmatch(f[2], -1) {
			a := attrs(in[2])
			switch {
			case strings.EqualFold(in[1], "button"):
				if a["id"] == id {
					found = true
					if a["name"] != "" {
						form.Add(a["name"], a["value"])
					}
				}
			case a["name"] != "":
				form.Add(a["name"], a["value"])
			}
		}
		if found {
			return attrs(f[1])["action"], form, true
		}
	}
	return "", nil, false
}

// orderStatus reads the order page's status and how it was learnt.
func orderStatus(body string) (status, via string) {
	m := statusRE.FindStringSubmatch(body)
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}
