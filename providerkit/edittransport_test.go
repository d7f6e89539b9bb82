package providerkit_test

import (
	"crypto/tls"
	"log/slog"
	"net/http"
	"testing"

	"github.com/paykit/payments/providerkit"
)

func TestEditTransport(t *testing.T) {
	t.Parallel()
	setName := func(tr *http.Transport) {
		tr.TLSClientConfig = &tls.Config{ServerName: "edited", MinVersion: tls.VersionTLS12}
	}
	edited := func(rt http.RoundTripper) bool {
		tr, ok := rt.(*http.Transport)
		return ok && tr.TLSClientConfig != nil && tr.TLSClientConfig.ServerName == "edited"
	}
	base := &http.Transport{}
	logger := slog.New(slog.DiscardHandler)
	wl := providerkit.NewWireLog(base, logger)

	t.Run("transport is cloned", func(t *testing.T) {
		t.Parallel()
		got, ok := providerkit.EditTransport(base, setName)
		if !ok || !edited(got) || got == http.RoundTripper(base) || edited(base) {
			t.Errorf("EditTransport(*http.Transport) = %v, %v; the original edited: %v", got, ok, edited(base))
		}
	})
	t.Run("through a wire log", func(t *testing.T) {
		t.Parallel()
		got, ok := providerkit.EditTransport(wl, setName)
		w, isWL := got.(*providerkit.WireLog)
		if !ok || !isWL || w == wl || !edited(w.Transport) || w.Logger != logger {
			t.Fatalf("EditTransport(WireLog) = %#v, %v", got, ok)
		}
		if wl.Transport != http.RoundTripper(base) || edited(base) {
			t.Error("the original wire log or its transport changed")
		}
	})
	t.Run("wire log over the default transport", func(t *testing.T) {
		t.Parallel()
		got, ok := providerkit.EditTransport(providerkit.NewWireLog(nil, logger), setName)
		w, isWL := got.(*providerkit.WireLog)
		if !ok || !isWL || !edited(w.Transport) || w.Transport == http.DefaultTransport {
			t.Errorf("EditTransport(WireLog over nil) = %#v, %v", got, ok)
		}
	})
	t.Run("unknown transport", func(t *testing.T) {
		t.Parallel()
		other := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })
		for _, rt := range []http.RoundTripper{other, providerkit.NewWireLog(other, logger)} {
			if got, ok := providerkit.EditTransport(rt, setName); ok || got != nil {
				t.Errorf("EditTransport(%T) = %v, %v; want nil, false", rt, got, ok)
			}
		}
	})
}
