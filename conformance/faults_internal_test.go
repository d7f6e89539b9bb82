package conformance

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A redirect fault points elsewhere; the 4xx and 5xx faults do not.
func TestStatusFaultsRedirectOnlyWhenRedirecting(t *testing.T) {
	t.Parallel()
	for k, status := range statusFaults {
		t.Run(string(k), func(t *testing.T) {
			t.Parallel()
			resp, err := (&fault{kind: k}).apply(httptest.NewRequest(http.MethodPost, "/pay", nil), Response{Status: 200, Body: "{}"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != status {
				t.Errorf("status %d, want %d", resp.StatusCode, status)
			}
			loc := resp.Header.Get("Location")
			if redirect := status == http.StatusFound || status == http.StatusSeeOther; redirect != (loc != "") {
				t.Errorf("Location %q for %d", loc, status)
			}
		})
	}
}

// A truncated answer delivers the first half of the recorded body, then
// fails with io.ErrUnexpectedEOF.
func TestTruncatedFault(t *testing.T) {
	t.Parallel()
	resp, err := (&fault{kind: faultTruncated}).apply(httptest.NewRequest(http.MethodGet, "/s", nil), Response{Status: 200, Body: "0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	if string(got) != "01234" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read %q, %v; want %q, io.ErrUnexpectedEOF", got, err, "01234")
	}
}

// The oversized body's padding yields exactly n spaces, then io.EOF.
func TestSpacesReader(t *testing.T) {
	t.Parallel()
	s := &spaces{n: 3}
	buf := make([]byte, 8)
	if n, err := s.Read(buf); n != 3 || err != nil || string(buf[:n]) != "   " {
		t.Fatalf("first read = %d %q, %v; want 3 spaces", n, buf[:n], err)
	}
	if n, err := s.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("second read = %d, %v; want 0, io.EOF", n, err)
	}
}
