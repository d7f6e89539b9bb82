package providerkit

import "net/http"

// TransportWrapper is an http.RoundTripper that wraps another, such as
// [WireLog]. A provider that must configure the *http.Transport at the
// bottom of its client's chain (to add TLS roots, say) reaches it through
// [EditTransport], which needs every wrapper on the way to implement this
// interface.
type TransportWrapper interface {
	http.RoundTripper
	// Unwrap returns the wrapped transport; nil means
	// http.DefaultTransport.
	Unwrap() http.RoundTripper
	// WithTransport returns a copy of the wrapper that wraps rt instead.
	WithTransport(rt http.RoundTripper) http.RoundTripper
}

// EditTransport returns rt with the *http.Transport at the bottom of its
// chain of [TransportWrapper]s (nil stands for http.DefaultTransport)
// replaced by a clone that edit has changed; rt itself and the transports
// it shares with others are left alone. ok is false when the chain ends in
// some other http.RoundTripper, whose settings cannot be changed.
func EditTransport(rt http.RoundTripper, edit func(*http.Transport)) (_ http.RoundTripper, ok bool) {
	switch t := rt.(type) {
	case nil:
		def, isTransport := http.DefaultTransport.(*http.Transport)
		if !isTransport {
			return nil, false
		}
		return EditTransport(def, edit)
	case *http.Transport:
		c := t.Clone()
		edit(c)
		return c, true
	case TransportWrapper:
		inner, ok := EditTransport(t.Unwrap(), edit)
		if !ok {
			return nil, false
		}
		return t.WithTransport(inner), true
	}
	return nil, false
}

// Unwrap returns the transport w sends with; nil means
// http.DefaultTransport.
func (w *WireLog) Unwrap() http.RoundTripper { return w.Transport }

// WithTransport returns a copy of w that sends with rt.
func (w *WireLog) WithTransport(rt http.RoundTripper) http.RoundTripper {
	c := *w
	c.Transport = rt
	return &c
}
