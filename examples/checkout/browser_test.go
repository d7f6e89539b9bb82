package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// flowTimeout bounds one purchase in the browser: generous for a slow CI
// machine, but a hang still fails the test.
const flowTimeout = 60 * time.Second

// TestBrowserCheckout drives the shop in headless Chromium for every
// provider on the in-process sandbox: open the shop, buy, land on the
// sandbox's payment page, press Pay (or Decline), land back on the order
// page and see the order paid through the verified webhook (or not paid).
//
// It skips only when no Chromium is installed. With
// CHECKOUT_SCREENSHOT_DIR set, it saves a screenshot of every payment page
// and order page there.
func TestBrowserCheckout(t *testing.T) {
	t.Parallel()
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	browser := startBrowser(t, path)
	tests := []struct {
		provider, button, product string
		wantStatus, wantVia       string
		wantText                  string
	}{
		{"robokassa", "pay", "tshirt", "paid", "webhook", "Paid."},
		{"robokassa", "decline", "mug", "failed", "lookup", "Not paid."},
		{"clientsdk", "pay", "mug", "paid", "webhook", "Paid."},
		{"clientsdk", "decline", "tshirt", "failed", "webhook", "Not paid."},
		{"tbank", "pay", "tshirt", "paid", "webhook", "Paid."},
		{"tbank", "decline", "mug", "failed", "webhook", "Not paid."},
	}
	for _, tt := range tests {
		name := tt.provider + "/" + tt.button
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each flow has its own shop, sandbox and tab
			in := startShop(t, tt.provider)
			f := newFlow(t, browser, strings.ReplaceAll(name, "/", "-"))

			f.do("open the shop and buy",
				chromedp.Navigate(in.url+"/"),
				chromedp.Click(chromedp.CSS("#buy-"+tt.product)),
				chromedp.WaitVisible(chromedp.CSS("#pay")),
			)
			if loc := f.location(); !strings.HasPrefix(loc, in.sandbox.URL()+"/") {
				f.fail("after Buy the browser is at %s, want the sandbox's payment page at %s", loc, in.sandbox.URL())
			}
			f.keep("sandbox")

			f.do("press "+tt.button, chromedp.Click(chromedp.CSS("#"+tt.button)), chromedp.WaitVisible(chromedp.CSS("#status")))
			if loc := f.location(); !strings.HasPrefix(loc, in.url+"/orders/1") {
				f.fail("after %s the browser is at %s, want the order page %s/orders/1", tt.button, loc, in.url)
			}
			f.keep("order")
			if got := f.attr("#status", "data-status"); got != tt.wantStatus {
				f.fail("order page status %q, want %q", got, tt.wantStatus)
			}
			if got := f.attr("#status", "data-via"); got != tt.wantVia {
				f.fail("order page learnt the status via %q, want %q", got, tt.wantVia)
			}
			if text := f.text("#status"); !strings.HasPrefix(text, tt.wantText) {
				f.fail("order page says %q, want %q...", text, tt.wantText)
			}
			if o, _ := in.app.orders.get("1"); string(o.State) != tt.wantStatus || o.Via != tt.wantVia {
				f.fail("the shop recorded order 1 as %s via %q, want %s via %q", o.State, o.Via, tt.wantStatus, tt.wantVia)
			}
		})
	}
}

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/lib/chromium/chromium"} {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// startBrowser starts headless Chromium and returns a chromedp context that
// holds it; the browser stops when the test ends.
func startBrowser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // containers and CI runners as root have no user namespaces
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 768),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc() // waits for the browser to exit, before TempDir is removed
	})
	within(t, "starting "+path, func() error { return chromedp.Do(ctx) })
	return ctx
}

// within runs the first action of a chromedp context, which starts the
// browser or opens the tab. It must not have a timeout (the browser or tab
// would live only as long as it), so the wait is bounded here instead; the
// test's cleanup ends the context of an action left running.
func within(t *testing.T, what string, first func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- first() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(flowTimeout):
		t.Fatalf("%s: no answer within %s", what, flowTimeout)
	}
}

// flow is one purchase in its own tab, bounded by flowTimeout. Its helpers
// fail the test with a screenshot of the page.
type flow struct {
	t    *testing.T
	name string
	tab  context.Context // the tab, without the timeout
	ctx  context.Context // the tab with the flow's timeout
}

func newFlow(t *testing.T, browser context.Context, name string) *flow {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(browser)
	t.Cleanup(cancelTab)
	within(t, "opening a tab", func() error { return chromedp.Do(tab) })
	ctx, cancel := context.WithTimeout(tab, flowTimeout)
	t.Cleanup(cancel)
	return &flow{t: t, name: name, tab: tab, ctx: ctx}
}

func (f *flow) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	if err := chromedp.Do(f.ctx, steps...); err != nil {
		f.fail("%s: %v", what, err)
	}
}

func (f *flow) location() string {
	f.t.Helper()
	loc, err := chromedp.Run(f.ctx, chromedp.Location())
	if err != nil {
		f.fail("reading the location: %v", err)
	}
	return loc
}

func (f *flow) attr(sel, name string) string {
	f.t.Helper()
	a, err := chromedp.Run(f.ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		f.fail("reading %s[%s]: %v", sel, name, err)
	}
	return a.Value
}

func (f *flow) text(sel string) string {
	f.t.Helper()
	s, err := chromedp.Run(f.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		f.fail("reading the text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// fail saves a screenshot of the page into the test's temporary directory
// (CHECKOUT_SCREENSHOT_DIR if set, to keep it), logs where it is, and fails
// the test.
func (f *flow) fail(format string, args ...any) {
	f.t.Helper()
	msg := fmt.Sprintf(format, args...)
	dir := os.Getenv("CHECKOUT_SCREENSHOT_DIR")
	if dir == "" {
		dir = f.t.TempDir()
	}
	if path, err := f.screenshot(dir, "failure"); err != nil {
		f.t.Logf("no screenshot: %v", err)
	} else {
		f.t.Logf("screenshot of the page: %s", path)
	}
	f.t.Fatal(msg)
}

// keep saves a screenshot named after the flow and step into
// CHECKOUT_SCREENSHOT_DIR, if it is set.
func (f *flow) keep(step string) {
	f.t.Helper()
	dir := os.Getenv("CHECKOUT_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	path, err := f.screenshot(dir, step)
	if err != nil {
		f.t.Errorf("screenshot of %s: %v", step, err)
		return
	}
	f.t.Logf("screenshot of %s: %s", step, path)
}

// screenshot saves the page as dir/<flow>-<step>.png, creating dir when
// it is missing.
func (f *flow) screenshot(dir, step string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// A fresh timeout: the flow's may be what ran out.
	ctx, cancel := context.WithTimeout(f.tab, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, f.name+"-"+step+".png")
	return path, os.WriteFile(path, png, 0o644)
}
