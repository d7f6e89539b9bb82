package conformance

import (
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
)

// wantAck returns the acknowledgement the harness expects for the suite's
// delivery, or false (the scenario failed) when the harness gives none.
func (e *env) wantAck() (want ackWant, ok bool) {
	e.t.Helper()
	if e.h.Ack == nil {
		e.failf("Harness.Ack is nil: the suite needs the acknowledgement the provider's documentation asks for, to check the handler's reply against it; set it, or list %q in Harness.Skip with the reason", e.s.Name)
		return ackWant{}, false
	}
	a := e.h.Ack(e.webhook())
	want = ackWant{code: a.StatusCode, body: a.Body, contentType: a.ContentType}
	if want.code == 0 {
		want.code = http.StatusOK
	}
	return want, true
}

// ackWant is the expected reply to a handled delivery.
type ackWant struct {
	code        int
	body        string
	contentType string
}

// checkAck fails the scenario when rec is not the reply want describes:
// the same status and body and, when want names a content type, the same
// media type and every parameter want gives (a charset, say).
func (e *env) checkAck(rec *httptest.ResponseRecorder, want ackWant) {
	e.t.Helper()
	if rec.Code != want.code || rec.Body.String() != want.body {
		e.failf("the handler answered %d %q, want %d %q (Harness.Ack)", rec.Code, rec.Body.String(), want.code, want.body)
	}
	if want.contentType == "" {
		return
	}
	got := rec.Header().Get("Content-Type")
	if !sameContentType(got, want.contentType) {
		e.failf("the handler answered with Content-Type %q, want %q (Harness.Ack)", got, want.contentType)
	}
}

// sameContentType reports whether got has want's media type and every
// parameter want lists.
func sameContentType(got, want string) bool {
	gt, gp, err := mime.ParseMediaType(got)
	if err != nil {
		return false
	}
	wt, wp, err := mime.ParseMediaType(want)
	if err != nil {
		return strings.EqualFold(got, want)
	}
	if gt != wt {
		return false
	}
	for k, v := range wp {
		if !strings.EqualFold(gp[k], v) {
			return false
		}
	}
	return true
}
