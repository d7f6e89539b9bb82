package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/paykit/payments/internal/suggest"
	"github.com/paykit/payments/providerkit"
	"github.com/paykit/payments/providers"
)

const mainAbout = `payments operates a shop's payments: run the local sandbox, make payment
links, look payments up, refund, capture or cancel held payments, charge
recurring payments, send receipts after payment, show the balance, pay out
to a card and verify captured webhooks, with the provider the shop's app is
configured for.`

const globalFlagsHelp = `Flags (before or after the command):
  -json         print one JSON object per result on standard output; errors
                as {"error":{"kind":"...","code":"...","message":"..."}}
  -config FILE  read the provider configuration from a JSON file (a
                providers.Config) instead of the environment
  -v            log each operation and HTTP exchange to standard error
  -wire-log     log each HTTP exchange with the provider to standard error,
                bodies included, with secrets, signatures, tokens and card
                data scrubbed, for support cases (or PAYMENTS_WIRE_LOG=1;
                -wire-log=false wins over it)
  -h, --help    show help`

const configHelp = `Configuration:
  The provider and its credentials come from the environment, as for an app
  using package providers: PAYMENTS_PROVIDER (a provider's name) and the
  provider's variables. Every secret X may be given instead as X_FILE,
  the path of a file holding it (a Docker or Kubernetes secret). With
  -config FILE (or PAYMENTS_CONFIG=FILE) the JSON file is read instead of the
  environment. Secrets are never taken from flags, which show in process
  listings; a payout's card number is read from a file or standard input.
  "payments help config" lists every variable.`

const exitHelp = `Exit codes:
  0  success
  1  the operation failed: the provider declined it, does not know the order,
     lacks funds, saw a duplicate, reported another amount, or the payment is
     not in a state that allows it (a capture of a payment not held)
  2  usage or configuration error: bad flags, a missing or rejected secret,
     a request the provider refused as invalid, an operation the provider
     does not support
  3  outcome unknown: the request may have moved money. Do NOT retry it;
     find out first as the printed advice says (for the provider and the
     operation: payments status, payments withdrawal-status, payments
     receipt-status, or, where no lookup can tell, the provider's dashboard)
  4  provider unavailable: unreachable, timed out, rate limited or answering
     something unreadable (reads were already retried)
  5  the webhook is invalid (verify-webhook): bad or missing signature,
     malformed body, invalid amount`

const configRulesHelp = `Provider names and currency codes are accepted in any case ("Robokassa",
"rub"). A -config file with an unknown key is refused, with the closest
known key suggested: a misspelt secret must not be silently left unset.
A variable that starts like a provider's (PAYMENTS_, ROBOKASSA_, ...) but
that no provider reads is warned about, with the closest known variable.`

// writeMainHelp writes "payments help".
func writeMainHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString(mainAbout)
	b.WriteString("\n\nUsage:\n  payments [-json] [-config FILE] [-v] [-wire-log] COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-18s %s\n", c.name, c.summary)
	}
	b.WriteString("\n" + globalFlagsHelp + "\n\n" + configHelp + "\n\n" + exitHelp + "\n\n")
	b.WriteString(`Run "payments COMMAND -h" for the flags of a command.` + "\n")
	_, _ = io.WriteString(w, b.String())
}

// writeCommandHelp writes "payments COMMAND -h".
func writeCommandHelp(w io.Writer, a *app, c *command) {
	fs := flag.NewFlagSet("payments "+c.name, flag.ContinueOnError)
	c.setup(a, fs)
	var flags bytes.Buffer
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s\n", c.usage, strings.TrimSpace(c.about))
	if flags.Len() > 0 {
		b.WriteString("\nFlags:\n")
		b.Write(flags.Bytes())
	}
	b.WriteString("\nCommon flags: -json, -config FILE, -v, -wire-log (see \"payments help\").\n")
	b.WriteString("\n" + exitHelp + "\n")
	_, _ = io.WriteString(w, b.String())
}

// writeConfigHelp writes "payments help config": every variable, the
// common ones and each registered provider's (from its registration, so a
// provider registered by a program appears too), with its JSON key and
// one-line meaning.
func writeConfigHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString(configHelp + "\n\n" + configRulesHelp + "\n\nCommon variables. Variable, JSON key (\"provider\", or a key of the \"options\"\nobject), meaning:\n")
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	for _, v := range providers.CommonVars() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.Name, v.Key, v.Help)
	}
	fmt.Fprintf(tw, "  PAYMENTS_CONFIG\t-\ta JSON configuration file, read instead of the variables\n")
	_ = tw.Flush()
	for _, r := range providers.Registrations() {
		fmt.Fprintf(&b, "\nProvider %s: %s\n", r.Name, r.Summary)
		fmt.Fprintf(&b, "  PAYMENTS_PROVIDER=%s; JSON: the %q object. Variable, JSON key, meaning:\n", r.Name, r.Name)
		tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
		for _, f := range r.Fields {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.Env, f.Key, fieldHelp(f))
			if f.Secret {
				fmt.Fprintf(tw, "  %s\t%s\tfile holding %s (instead of it)\n", f.FileEnv(), f.FileKey(), f.Env)
			}
		}
		_ = tw.Flush()
	}
	b.WriteString("\nTo develop offline, run \"payments sandbox\": it prints the variables that\npoint an app (and this tool) at it.\n")
	b.WriteString("\nThe fake provider needs PAYMENTS_FAKE_WEBHOOK_SECRET (or _FILE): its default\nsecret is public. PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true uses the public\none anyway, offline only: anyone can then forge its webhooks.\n")
	_, _ = io.WriteString(w, b.String())
}

// fieldHelp is a setting's one line: "secret, required: its meaning
// (default X)".
func fieldHelp(f providerkit.Field) string {
	var attrs []string
	if f.Secret {
		attrs = append(attrs, "secret")
	}
	if f.Required {
		attrs = append(attrs, "required")
	}
	if f.Kind != providerkit.Text {
		attrs = append(attrs, f.Kind.String())
	}
	line := f.Help
	if len(attrs) > 0 {
		line = strings.Join(attrs, ", ") + ": " + line
	}
	if f.Default != "" {
		line += " (default " + f.Default + ")"
	}
	return line
}

func helpCommand() *command {
	return &command{
		name:      "help",
		summary:   "show help: payments help [COMMAND | config]",
		usage:     "payments help [COMMAND | config]",
		about:     "Shows the list of commands, the help of one command, or (help config) the configuration variables.",
		takesArgs: true,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			return func(args []string) int {
				switch {
				case len(args) == 0:
					writeMainHelp(a.stdout)
				case len(args) > 1:
					return a.usageError("give at most one topic")
				case args[0] == "config" || args[0] == "env":
					writeConfigHelp(a.stdout)
				default:
					c := findCommand(args[0])
					if c == nil {
						return a.usageError("unknown command %q%s", args[0], suggest.DidYouMean(args[0], append(commandNames(), "config")))
					}
					writeCommandHelp(a.stdout, a, c)
				}
				return exitOK
			}
		},
	}
}
