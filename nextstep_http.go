package payments

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// This file renders a NextStep into the buyer's browser.

// ErrNoNextStep is what [NextStep.Render] returns for a step of kind
// NextNone: the payment needs nothing from the buyer's browser (it is
// complete or processing), so the app shows its own page, such as the
// order's status.
var ErrNoNextStep = errors.New("payments: no next step for the browser")

// NextStepFormID and NextStepButtonID are the HTML ids of the form that
// [NextStep.Render] writes and of its submit button (shown only without
// JavaScript), for the app's tests and styles.
const (
	NextStepFormID   = "payments-next-step"
	NextStepButtonID = "continue"
)

// autoSubmit is the page's only script. It calls the form's submit through
// the prototype, because a field named "submit" would shadow form.submit.
const autoSubmit = `HTMLFormElement.prototype.submit.call(document.getElementById("` + NextStepFormID + `"));`

// nextStepCSP allows nothing but the auto-submit script, by its hash
// (https://www.w3.org/TR/CSP3/#grammardef-hash-source), so no nonce has to
// be generated and no inline handler attribute (onload=) is needed. It has
// no form-action: browsers apply form-action to the redirects after the
// POST (https://www.w3.org/TR/CSP3/#directive-form-action), and a payment
// page's redirect chain (3-D Secure, the bank's page) is not known here.
// It has no frame-ancestors either: apps may show the step in a frame.
var nextStepCSP = func() string {
	sum := sha256.Sum256([]byte(autoSubmit))
	return "default-src 'none'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'"
}()

var nextStepPage = template.Must(template.New("next").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Continue to payment</title></head>
<body>
<form id="` + NextStepFormID + `" method="post" action="{{.URL}}" accept-charset="UTF-8">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<noscript><button id="` + NextStepButtonID + `" type="submit">Continue to payment</button></noscript>
</form>
<script>` + autoSubmit + `</script>
</body></html>
`))

// Render sends the buyer's browser to the step, so that no app writes the
// redirect or the form by hand:
//
//   - NextRedirect: a 303 See Other to URL.
//   - NextPostForm: a 200 page with a form that POSTs Fields to URL,
//     submitted by a script as soon as it loads, or by a "Continue to
//     payment" button where scripts are off. The action and every name and
//     value are escaped by html/template. The page's
//     Content-Security-Policy allows only that script, by its hash, so it
//     works under an app's strict CSP middleware only if that middleware
//     leaves this response's header alone. The form and button ids are
//     [NextStepFormID] and [NextStepButtonID].
//
// Both responses are Cache-Control: no-store (the URL or fields may carry
// a one-time token). The step is checked before anything is written, so
// on an error the app can still write its own answer:
//
//   - NextNone: [ErrNoNextStep].
//   - a URL that is not an absolute http or https URL with a host (an
//     ASCII name, punycode for an international one, or an IP address)
//     and without user information (javascript:, data:, //host, a relative
//     path): an error wrapping ErrInvalidRequest. Providers return
//     absolute URLs.
//   - a field whose name is empty or "_charset_", or whose name or value is
//     not UTF-8 or holds a NUL or a line break other than CR LF: an error
//     wrapping ErrInvalidRequest that names the field but not its value.
//     Browsers would send such a field changed or not at all (they post
//     every line break as CR LF and replace _charset_'s value,
//     https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#constructing-the-form-data-set),
//     so the provider would not get what was signed.
//   - any other Kind: an error wrapping ErrInvalidRequest.
//
// Fields of a redirect are ignored. r is not used today and may be nil.
func (s NextStep) Render(w http.ResponseWriter, r *http.Request) error {
	switch s.Kind {
	case NextNone:
		return ErrNoNextStep
	case NextRedirect, NextPostForm:
	default:
		return invalidf("next step: unknown kind %q", shorten(string(s.Kind)))
	}
	if err := checkStepURL(s.URL); err != nil {
		return err
	}
	h := w.Header()
	if s.Kind == NextRedirect {
		h.Set("Location", escapeNonASCII(s.URL))
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusSeeOther)
		return nil
	}
	for i, f := range s.Fields {
		if err := checkField(f); err != nil {
			return invalidf("next step: field %d (%q): %v", i+1, shorten(strings.ToValidUTF8(f.Name, "\uFFFD")), err)
		}
	}
	var page bytes.Buffer
	if err := nextStepPage.Execute(&page, s); err != nil {
		return invalidf("next step: %v", err)
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", nextStepCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(page.Bytes())
	return err
}

// checkStepURL accepts only an absolute http or https URL with a host and
// no user information.
func checkStepURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return invalidf("next step: URL %q does not parse", shorten(raw))
	case u.Scheme != "http" && u.Scheme != "https":
		return invalidf("next step: URL %q is not http or https", shorten(raw))
	case u.Host == "" || u.Opaque != "":
		return invalidf("next step: URL %q has no host", shorten(raw))
	case !validHost(u.Hostname()):
		return invalidf("next step: URL %q has a host that is not an ASCII name or an IP address", shorten(raw))
	case u.User != nil:
		return invalidf("next step: URL %q has user information", shorten(raw))
	}
	return nil
}

// validHost reports whether h is an IP address or a host name of ASCII
// letters, digits, '-', '_' and '.' (an international name in its
// punycode form).
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	for _, c := range []byte(h) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return h != ""
}

// checkField checks that a browser posts the field exactly as given.
func checkField(f Field) error {
	switch {
	case f.Name == "":
		return errors.New("empty name: browsers do not send it")
	case strings.EqualFold(f.Name, "_charset_"):
		return errors.New("browsers replace the value of a hidden _charset_ field")
	}
	for _, s := range []string{f.Name, f.Value} {
		if !utf8.ValidString(s) {
			return errors.New("not UTF-8")
		}
		if strings.IndexByte(s, 0) >= 0 {
			return errors.New("holds a NUL byte")
		}
		if strings.Count(s, "\r") != strings.Count(s, "\r\n") || strings.Count(s, "\n") != strings.Count(s, "\r\n") {
			return errors.New("holds a line break other than CR LF: browsers send CR LF")
		}
	}
	return nil
}

// escapeNonASCII percent-encodes the bytes of s above 0x7f, as
// net/http.Redirect does, so that a Location header stays ASCII.
func escapeNonASCII(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
