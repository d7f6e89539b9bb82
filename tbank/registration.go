package tbank

import (
	"context"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Registration describes T-Bank's configuration for package providers:
// the TBANK_* variables and the "tbank" JSON section.
func Registration() providerkit.Registration {
	return providerkit.Registration{
		Name:    Name,
		Summary: "T-Bank (Tinkoff) Internet Acquiring, API v2",
		Fields: []providerkit.Field{
			{Key: "terminal_key", Env: "TBANK_TERMINAL_KEY", Help: "the terminal's TerminalKey", Required: true},
			{Key: "password", Env: "TBANK_PASSWORD", Help: "the terminal's password, which signs requests and notifications (Token)", Secret: true, Required: true},
			{Key: "base_url", Env: "TBANK_BASE_URL", Help: "the API's base URL, up to /v2", Default: DefaultBaseURL},
			{Key: "taxation", Env: "TBANK_TAXATION", Help: "the shop's tax system for receipts without one (osn, usn_income, ...)"},
			{Key: "root_cas", Env: "TBANK_ROOT_CAS", Help: "PEM certificates to trust besides the system's, such as the Russian Trusted Root CA"},
			{Key: "ffd_version", Env: "TBANK_FFD_VERSION", Help: "the fiscal data format of receipts: 1.05 or 1.2", Default: "1.05"},
			{Key: "measurement_unit", Env: "TBANK_MEASUREMENT_UNIT", Help: "FFD 1.2: the unit of receipt lines that name none (шт, кг, ...)", Default: "шт"},
		},
		Open: func(_ context.Context, s providerkit.Settings) (payments.Provider, error) {
			base, err := s.URL("base_url", false)
			if err != nil {
				return nil, err
			}
			p, err := New(Config{
				TerminalKey: s.Text("terminal_key"), Password: s.Secret("password"),
				BaseURL: base, HTTPClient: s.HTTPClient, RootCAs: s.Text("root_cas"), Taxation: s.Text("taxation"),
				FFDVersion: s.Text("ffd_version"), MeasurementUnit: s.Text("measurement_unit"),
			})
			if err != nil {
				// Name the setting at fault, as for root_cas below.
				for _, f := range []struct {
					key string
					cfg Config
				}{
					{"taxation", Config{Taxation: s.Text("taxation")}},
					{"ffd_version", Config{FFDVersion: s.Text("ffd_version")}},
					{"measurement_unit", Config{MeasurementUnit: s.Text("measurement_unit")}},
				} {
					f.cfg.TerminalKey, f.cfg.Password = "k", "p"
					if f.cfg.Validate() != nil {
						return nil, s.Invalid(f.key, "is not valid", err)
					}
				}
			}
			if err != nil && s.Has("root_cas") {
				if (Config{TerminalKey: "k", Password: "p", RootCAs: s.Text("root_cas")}).Validate() != nil {
					return nil, s.Invalid("root_cas", "must hold PEM certificates", nil)
				}
			}
			if err != nil {
				return nil, err
			}
			return p, nil
		},
	}
}
