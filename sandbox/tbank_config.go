package sandbox

import (
	"github.com/paykit/payments/tbank"
)

// TBankConfig returns a tbank.Config that points at the sandbox's T-Bank
// side with its terminal; the caller sets the rest (HTTPClient, Taxation,
// ...).
func (s *Server) TBankConfig() tbank.Config {
	a := s.TBankAPI()
	return tbank.Config{TerminalKey: a.TerminalKey, Password: a.Password, BaseURL: a.BaseURL}
}
