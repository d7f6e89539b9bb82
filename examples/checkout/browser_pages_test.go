package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageWidths are the viewports every sandbox page is checked at: a phone
// and a desktop.
var pageWidths = []struct {
	name          string
	width, height int64
}{
	{"phone", 375, 740},
	{"desktop", 1280, 900},
}

// pageLayout is what the browser reports of a page's layout.
type pageLayout struct {
	BodyMargin   string   `json:"bodyMargin"`
	BodyFont     string   `json:"bodyFont"`
	ScrollWidth  float64  `json:"scrollWidth"`
	ClientWidth  float64  `json:"clientWidth"`
	MainWidth    float64  `json:"mainWidth"`
	MainHeight   float64  `json:"mainHeight"`
	MainText     string   `json:"mainText"`
	Banner       string   `json:"banner"`
	Lang         string   `json:"lang"`
	Overlaps     []string `json:"overlaps"`
	Unlabelled   []string `json:"unlabelled"`
	ExternalRefs []string `json:"external"`
}

// layoutJS measures the page: the body's computed style (a styled page's
// differs from the browser's default 8px margin and serif font), the
// document's width against the viewport's, the main element's box and
// text, the banner, pairs of overlapping boxes among main's blocks, the
// order's terms and the buttons, inputs without a label, and resources
// loaded from anywhere but the page's own origin.
const layoutJS = `(() => {
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '');
  const body = getComputedStyle(document.body);
  const main = document.querySelector('main');
  const r = main ? main.getBoundingClientRect() : {width: 0, height: 0};
  const shown = e => { const s = getComputedStyle(e); const b = e.getBoundingClientRect(); return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 0 && b.height > 0; };
  const els = main ? [...main.querySelectorAll(':scope > *, :scope > form > *, .sb-actions > *, .sb-order > *, label')].filter(shown) : [];
  const overlaps = [];
  for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
    const a = els[i], b = els[j];
    if (a.contains(b) || b.contains(a)) continue;
    const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 1 && h > 1) overlaps.push(name(a) + ' overlaps ' + name(b));
  }
  const unlabelled = [...document.querySelectorAll('input:not([type=hidden])')].filter(i => !i.labels || i.labels.length === 0).map(name);
  const external = performance.getEntriesByType('resource').map(e => e.name).filter(u => !u.startsWith(location.origin));
  const banner = document.querySelector('.sb-banner');
  return {
    bodyMargin: body.marginTop, bodyFont: body.fontFamily,
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    mainWidth: r.width, mainHeight: r.height, mainText: main ? main.innerText.trim() : '',
    banner: banner ? banner.innerText : '', lang: document.documentElement.lang,
    overlaps, unlabelled, external,
  };
})()`

// checkPage checks the sandbox page of provider (its name in the banner)
// now in the tab at each of pageWidths, and saves a screenshot of each
// into CHECKOUT_SCREENSHOT_DIR when it is set: the stylesheet applies, the
// page is no wider than the viewport, the main content is visible and not
// empty, no two blocks overlap, every input has a label, nothing is loaded
// from elsewhere, and the banner says SANDBOX and the provider.
func (f *flow) checkPage(page, provider string) {
	f.t.Helper()
	dir := os.Getenv("CHECKOUT_SCREENSHOT_DIR")
	for _, w := range pageWidths {
		f.do("resize to "+w.name, chromedp.EmulateViewport(w.width, w.height))
		l, err := chromedp.Run(f.ctx, chromedp.Evaluate[pageLayout](layoutJS))
		if err != nil {
			f.fail("%s at %s: measuring the layout: %v", page, w.name, err)
		}
		var problems []string
		if l.BodyMargin == "8px" || strings.Contains(l.BodyFont, "Times") {
			problems = append(problems, "unstyled: the body has the browser's default margin "+l.BodyMargin+" or font "+l.BodyFont)
		}
		if l.ScrollWidth > l.ClientWidth {
			problems = append(problems, "overflows horizontally")
		}
		if l.MainWidth <= 0 || l.MainHeight <= 0 || l.MainText == "" {
			problems = append(problems, "the main content is not visible or empty")
		}
		if !strings.Contains(l.Banner, "SANDBOX") || !strings.Contains(l.Banner, provider) {
			problems = append(problems, "the banner "+strings.TrimSpace(l.Banner)+" does not say SANDBOX of "+provider)
		}
		if l.Lang == "" {
			problems = append(problems, "no lang attribute")
		}
		problems = append(problems, l.Overlaps...)
		for _, u := range l.Unlabelled {
			problems = append(problems, "input without a label: "+u)
		}
		for _, u := range l.ExternalRefs {
			problems = append(problems, "loads "+u)
		}
		if dir != "" {
			if path, err := f.screenshot(dir, page+"-"+w.name); err != nil {
				f.t.Errorf("screenshot of %s at %s: %v", page, w.name, err)
			} else {
				f.t.Logf("screenshot of %s at %s: %s", page, w.name, path)
			}
		}
		if len(problems) > 0 {
			f.fail("%s at %s (%dx%d, document %vpx wide):\n\t%s", page, w.name, w.width, w.height, l.ScrollWidth, strings.Join(problems, "\n\t"))
		}
	}
	f.do("back to the window's size", chromedp.EmulateReset())
}

// TestBrowserScreenshotDir: a CHECKOUT_SCREENSHOT_DIR that does not exist
// yet is created (with its parents) for the screenshots. Not parallel: it
// sets the variable.
func TestBrowserScreenshotDir(t *testing.T) {
	path := findChromium()
	if path == "" {
		t.Skip("chromium not installed: apt-get install chromium")
	}
	dir := filepath.Join(t.TempDir(), "not", "yet")
	t.Setenv("CHECKOUT_SCREENSHOT_DIR", dir)
	browser := startBrowser(t, path)
	in := startShop(t, "robokassa")
	f := newFlow(t, browser, "screenshot-dir")
	f.do("open the shop", chromedp.Navigate(in.url+"/"), chromedp.WaitVisible(chromedp.CSS("#buy-mug")))
	f.keep("shop")
	if _, err := os.Stat(filepath.Join(dir, "screenshot-dir-shop.png")); err != nil {
		t.Errorf("no screenshot in the missing directory %s: %v", dir, err)
	}
}
