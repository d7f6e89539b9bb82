package providers

import (
	"strings"

	"github.com/paykit/payments/providerkit"
)

// ConfigError reports a configuration that cannot be opened: a missing or
// malformed field, an environment variable that does not parse, an unknown
// provider. It unwraps to payments.ErrInvalidRequest and to its cause, and
// its text never contains a secret. It is providerkit.ConfigError, which a
// provider's registration returns for its own settings (through
// providerkit.Settings.Invalid).
type ConfigError = providerkit.ConfigError

// envName is the environment variable of key in the section with prefix,
// such as "PAYMENTS_" + "timeout".
func envName(prefix, key string) string {
	return prefix + strings.ToUpper(key)
}
