package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/paykit/payments/internal/suggest"
)

// app is one run of the tool: its streams, environment and global flags.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// environ lists the environment as NAME=value entries, for the warning
	// about unknown variables; nil lists none.
	environ func() []string

	// cmd is the command being run, for messages ("link").
	cmd string
	// order is the order id the command acts on, for advice after errors.
	order string
	// check is the command of this tool that finds out the outcome of an
	// operation whose answer was lost, where the command knows one that
	// can tell for the provider; empty for the default advice.
	check string
	// json, config, verbose and wireLog are the common flags, given before
	// or after the command.
	json    bool
	config  string
	verbose bool
	wireLog setBool

	// transport sends every HTTP request of this run; closed at the end.
	transport *http.Transport
}

// command is one subcommand.
type command struct {
	// name is what the user types ("withdrawal-status").
	name string
	// summary is the one-line description in the command list.
	summary string
	// usage is the synopsis line of the command's help.
	usage string
	// about is the command's help text, shown after the synopsis.
	about string
	// takesArgs says the command reads arguments after its flags; for the
	// others any argument left is a usage error.
	takesArgs bool
	// setup registers the command's flags on fs and returns the action,
	// which receives the arguments left after the flags.
	setup func(a *app, fs *flag.FlagSet) func(args []string) int
}

// commands returns the subcommands in the order of the help.
func commands() []*command {
	return []*command{
		sandboxCommand(),
		linkCommand(),
		statusCommand(),
		refundCommand(),
		refundStatusCommand(),
		captureCommand(),
		cancelCommand(),
		chargeCommand(),
		receiptCommand(),
		receiptStatusCommand(),
		balanceCommand(),
		withdrawCommand(),
		withdrawalStatusCommand(),
		verifyWebhookCommand(),
		versionCommand(),
		helpCommand(),
	}
}

// commandNames are the names of the commands, for suggestions.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run is the whole tool: it parses args (without the program name), runs
// one command and returns the exit code. getenv reads the environment.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return runWith(ctx, args, stdin, stdout, stderr, getenv, nil)
}

// runWith is run with environ listing the environment's variables
// (os.Environ), so that a variable meant for a provider but misspelt is
// warned about; nil lists none.
func runWith(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, environ func() []string) int {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	a := &app{
		ctx:       ctx,
		stdin:     stdin,
		stdout:    &lockedWriter{w: stdout},
		stderr:    &lockedWriter{w: stderr},
		getenv:    getenv,
		environ:   environ,
		json:      wantsJSON(args),
		transport: newTransport(),
	}
	defer a.transport.CloseIdleConnections()
	return a.main(args)
}

// main parses the global flags and dispatches to the command.
func (a *app) main(args []string) int {
	fs := a.newFlagSet("payments")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeMainHelp(a.stdout)
			return exitOK
		}
		return a.usageError("%s", flagError(fs, err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		if !a.json {
			writeMainHelp(a.stderr)
		}
		return a.usageError("no command given")
	}
	c := findCommand(rest[0])
	if c == nil {
		return a.usageError("unknown command %q%s; run \"payments help\" for the list", rest[0], suggest.DidYouMean(rest[0], commandNames()))
	}
	return a.runCommand(c, rest[1:])
}

// runCommand parses c's flags from args and runs it.
func (a *app) runCommand(c *command, args []string) int {
	a.cmd = c.name
	fs := a.newFlagSet("payments " + c.name)
	action := c.setup(a, fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeCommandHelp(a.stdout, a, c)
			return exitOK
		}
		return a.usageError("%s", flagError(fs, err))
	}
	if !c.takesArgs && fs.NArg() > 0 {
		return a.usageError("unexpected argument %q (flags go before it? run \"payments %s -h\")", fs.Arg(0), c.name)
	}
	return action(fs.Args())
}

// newFlagSet returns a silent flag set with the common flags, whose
// defaults are the values given so far (so global flags carry over).
func (a *app) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&a.json, "json", a.json, "print one JSON object per result (errors as {\"error\":{...}})")
	fs.StringVar(&a.config, "config", a.config, "read the provider configuration from this JSON `file` instead of the environment")
	fs.BoolVar(&a.verbose, "v", a.verbose, "log each operation and HTTP exchange to standard error")
	fs.Var(&a.wireLog, "wire-log", "log each HTTP exchange with the provider, bodies scrubbed, to standard error (PAYMENTS_WIRE_LOG=1)")
	return fs
}

// flagError is the message of a flag parsing error; an unknown flag gets
// the closest of fs's flags suggested ("flag provided but not defined:
// -ammount (did you mean -amount?)").
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "flag provided but not defined: -")
	if !ok {
		return msg
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if c, ok := suggest.Closest(strings.TrimPrefix(name, "-"), names); ok {
		msg += " (did you mean -" + c + "?)"
	}
	return msg
}

// wantsJSON reports whether args ask for JSON output, so that even a flag
// parsing error is reported as JSON.
func wantsJSON(args []string) bool {
	for _, s := range args {
		switch s {
		case "--":
			return false
		case "-json", "--json", "-json=true", "--json=true", "-json=1", "--json=1":
			return true
		}
	}
	return false
}

// required returns a usage error if any of the named flags is empty.
func (a *app) required(flags ...*flagValue) (int, bool) {
	for _, f := range flags {
		if strings.TrimSpace(*f.value) == "" {
			return a.usageError("missing -%s", f.name), false
		}
	}
	return 0, true
}

// flagValue pairs a string flag with its name, for required.
type flagValue struct {
	name  string
	value *string
}

func req(name string, v *string) *flagValue { return &flagValue{name, v} }

// usageError reports a usage error and returns exit code 2.
func (a *app) usageError(format string, args ...any) int {
	return a.fail(usagef(format, args...))
}

// setBool is a boolean flag that remembers whether it was given, so that
// -wire-log=false can switch off what PAYMENTS_WIRE_LOG switched on.
type setBool struct{ value, set bool }

// String implements flag.Value.
func (b *setBool) String() string { return strconv.FormatBool(b.value) }

// Set implements flag.Value.
func (b *setBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("must be true or false")
	}
	b.value, b.set = v, true
	return nil
}

// IsBoolFlag lets the flag be given without a value (-wire-log).
func (b *setBool) IsBoolFlag() bool { return true }
