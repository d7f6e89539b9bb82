package sandbox

import (
	"fmt"
	"io"
	"log/slog"
)

// A Server holds its shop's passwords, its merchant's secret and its
// terminal's password; it prints and logs only their redacted forms
// (RobokassaShop.String, ClientSDKMerchant.String, and TBankTerminal whose
// Password is a payments.Secret),
// whatever the fmt verb.

// String describes the server: its URL, shop, merchant and terminal,
// without secrets.
func (s *Server) String() string {
	return fmt.Sprintf("sandbox.Server{URL:%q, Robokassa:%s, ClientSDK:%s, TBank:%s}", s.URL(), s.opts.Robokassa.String(), s.opts.ClientSDK.String(), fmt.Sprintf("%+v", s.opts.TBank))
}

// GoString is String: secrets never print, not even with %#v.
func (s *Server) GoString() string { return s.String() }

// Format implements fmt.Formatter: every verb prints String.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue implements slog.LogValuer without secrets.
func (s *Server) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", s.URL()),
		slog.Any("robokassa", s.opts.Robokassa),
		slog.Any("clientsdk", s.opts.ClientSDK),
		slog.Any("tbank", s.opts.TBank),
	)
}
