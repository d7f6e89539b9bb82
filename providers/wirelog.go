package providers

import (
	"log/slog"
	"net/http"

	"github.com/paykit/payments/providerkit"
)

// wireLogged returns c, or with WireLog a copy of c whose transport logs
// every exchange, scrubbed, to WireLogger (else Logger, else
// slog.Default()): the one place where the wire log is switched on, for
// every provider alike, since each sends its requests with the client
// that Open hands it.
func (o Options) wireLogged(c *http.Client) *http.Client {
	if !o.WireLog {
		return c
	}
	logger := o.WireLogger
	if logger == nil {
		logger = o.Logger
	}
	if logger == nil {
		logger = slog.Default()
	}
	wrapped := *c
	wrapped.Transport = providerkit.NewWireLog(c.Transport, logger)
	return &wrapped
}
