package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/paykit/payments"
)

// lockedWriter serialises writes, since the sandbox's events and the
// progress lines come from other goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// emit writes a successful result, v as one line of JSON with -json and
// human(stdout) otherwise, and returns exit code 0.
func (a *app) emit(v any, human func(w io.Writer)) int {
	if a.json {
		a.writeJSON(v)
	} else {
		human(a.stdout)
	}
	return exitOK
}

func (a *app) writeJSON(v any) {
	_, _ = a.stdout.Write(jsonLine(v))
}

// jsonLine is v as one line of JSON.
func jsonLine(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)              // URLs stay readable: "&", not "\u0026"
	if err := enc.Encode(v); err != nil { // the tool's own types always encode
		return []byte(`{"error":{"kind":"error","code":"","message":"cannot encode the result"}}` + "\n")
	}
	return b.Bytes()
}

// jsonError is the "error" object of the JSON output.
type jsonError struct {
	Kind    string `json:"kind"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Advice says how to find out what happened after an unknown outcome,
	// for this provider and operation.
	Advice string `json:"advice,omitempty"`
}

func errorObject(err error) jsonError {
	kind, _ := classify(err)
	return jsonError{Kind: kind, Code: errorCode(err), Message: err.Error(), Advice: errorAdvice(err)}
}

// fail reports err (as {"error":{...}} on standard output with -json, as
// text with a hint on standard error otherwise) and returns its exit code.
func (a *app) fail(err error) int {
	kind, code := classify(err)
	if a.json {
		a.writeJSON(struct {
			Error jsonError `json:"error"`
		}{errorObject(err)})
		return code
	}
	prefix := "payments"
	if a.cmd != "" {
		prefix += " " + a.cmd
	}
	fmt.Fprintf(a.stderr, "%s: %s\n", prefix, strings.TrimPrefix(err.Error(), "payments: "))
	if h := a.hint(kind, err); h != "" {
		fmt.Fprintln(a.stderr, h)
	}
	return code
}

// hint is the advice printed after err, an error of the given kind.
func (a *app) hint(kind string, err error) string {
	switch kind {
	case kindUsage:
		if a.cmd == "" {
			return `Run "payments help" for usage.`
		}
		return fmt.Sprintf("Run \"payments %s -h\" for usage.", a.cmd)
	case kindConfig:
		if f := a.configFile(); f != "" {
			return "Check the configuration file " + f + ` (see "payments help config").`
		}
		return `Set PAYMENTS_PROVIDER and the provider's variables (see "payments help config"), or pass -config FILE.`
	case kindOutcomeUnknown:
		const unknown = "The outcome is unknown: the request may have been carried out. Do NOT retry it"
		// The error's advice is true for this provider and operation; a
		// lookup by order id is not always able to answer (refunds).
		if advice := errorAdvice(err); advice != "" {
			if a.check != "" {
				return unknown + ". " + advice + "\nWith this tool: " + a.check
			}
			return unknown + ". " + advice
		}
		if a.check != "" {
			return unknown + "; check first with: " + a.check
		}
		order := a.order
		if order == "" {
			order = "ORDER"
		}
		check := "payments status -order " + order
		if a.cmd == "withdraw" {
			check = "payments withdrawal-status -order " + order
		}
		return unknown + "; check first with: " + check
	case kindUnavailable, kindRateLimited, kindProtocol, kindTimeout:
		return "The provider could not be reached or answered something unusable. Reads were retried; nothing that moves money was resent."
	case kindInvalidState:
		// A charge's state error is its parent's, named in the message.
		if a.order != "" && a.cmd != "charge" {
			return fmt.Sprintf("The payment is not in a state that allows this: see its state with \"payments status -order %s\".", a.order)
		}
	case kindUnsupported:
		return "The configured provider does not offer this operation."
	case kindUnauthorized:
		return "The provider rejected the credentials: check the configured login, ids and secrets."
	}
	return ""
}

// kv writes "  label:  value" when value is not empty.
func kv(w io.Writer, label, value string) {
	if value == "" {
		return
	}
	fmt.Fprintf(w, "  %-11s %s\n", label+":", value)
}

// money formats m for people ("10.00 RUB"), empty when not reported.
func money(m payments.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.String()
}

// amountJSON is m's amount as a decimal string, empty when not reported.
func amountJSON(m payments.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.Format()
}
