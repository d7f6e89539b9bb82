package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// maxCaptureBytes bounds a captured webhook read from a file or stdin; the
// client applies the webhook body limit (PAYMENTS_MAX_WEBHOOK_BYTES) too.
const maxCaptureBytes = 1 << 20

func verifyWebhookCommand() *command {
	return &command{
		name:    "verify-webhook",
		summary: "verify a captured webhook and say why it fails",
		usage:   "payments verify-webhook [-file PATH|-] [-method POST] [-path /webhooks] [-content-type TYPE] [flags]",
		about: `Verifies a captured webhook with the configured provider's secret, exactly as
the app's webhook endpoint would, and prints the event, or exactly why the
webhook is refused (bad or missing signature, malformed body, invalid
amount...) with exit code 5.

The input (a file, or standard input for "-" or no -file) is either a raw
HTTP request as dumped by httputil.DumpRequest (request line, headers, body)
or just the form body; which one is detected from the first line. A bare
body is sent with -method, -path and -content-type; for a raw request those
flags, when given, replace what was captured. Field values are not printed,
since they may hold card numbers.

Examples:
  payments verify-webhook -file captured.http
  printf '%s' 'OutSum=10.00&InvId=1001&SignatureValue=...' | payments verify-webhook`,
		takesArgs: true,
		setup: func(a *app, fs *flag.FlagSet) func([]string) int {
			file := fs.String("file", "-", "read the captured webhook from this `file` (\"-\": standard input)")
			method := fs.String("method", http.MethodPost, "HTTP `method` of a bare body (GET puts the body in the query)")
			path := fs.String("path", "/webhooks", "request `path` of a bare body")
			ctype := fs.String("content-type", "application/x-www-form-urlencoded", "Content-Type of a bare body")
			return func(args []string) int {
				switch {
				case len(args) > 1:
					return a.usageError("give at most one file")
				case len(args) == 1 && *file != "-":
					return a.usageError("give the file as -file or as an argument, not both")
				case len(args) == 1:
					*file = args[0]
				}
				set := map[string]bool{}
				fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
				return a.verifyWebhook(*file, captureDefaults{Method: *method, Path: *path, ContentType: *ctype}, set)
			}
		},
	}
}

// webhookInputJSON describes what was read, without field values.
type webhookInputJSON struct {
	Format      string   `json:"format"`
	Method      string   `json:"method"`
	Path        string   `json:"path"`
	ContentType string   `json:"content_type,omitempty"`
	BodyBytes   int      `json:"body_bytes"`
	Fields      []string `json:"fields,omitempty"`
}

type eventJSON struct {
	ID           string            `json:"id"`
	Type         string            `json:"type"`
	OrderID      string            `json:"order_id"`
	PaymentID    string            `json:"payment_id,omitempty"`
	Status       string            `json:"status"`
	Amount       string            `json:"amount,omitempty"`
	Currency     string            `json:"currency,omitempty"`
	Fee          string            `json:"fee,omitempty"`
	ErrorCode    string            `json:"error_code,omitempty"`
	ErrorMessage string            `json:"error_message,omitempty"`
	Metadata     map[string]string `json:"metadata,omitempty"`
}

type ackJSON struct {
	StatusCode  int    `json:"status_code"`
	ContentType string `json:"content_type"`
	Body        string `json:"body"`
}

type verifyJSON struct {
	Valid    bool             `json:"valid"`
	Provider string           `json:"provider"`
	Event    *eventJSON       `json:"event,omitempty"`
	Ack      *ackJSON         `json:"ack,omitempty"`
	Error    *jsonError       `json:"error,omitempty"`
	Input    webhookInputJSON `json:"input"`
}

func (a *app) verifyWebhook(file string, def captureDefaults, set map[string]bool) int {
	var (
		data []byte
		err  error
	)
	if file == "-" {
		data, err = readAllLimited(a.stdin, maxCaptureBytes)
	} else {
		data, err = readLimited(file, maxCaptureBytes)
	}
	if err != nil {
		return a.fail(usagef("reading the captured webhook: %v", err))
	}
	c, err := parseCaptured(data, def)
	if err != nil {
		return a.fail(&cliError{kind: kindInvalidRequest, exit: exitWebhook, msg: "the captured webhook is malformed: " + err.Error()})
	}
	var over captureDefaults
	if c.Format == formatRawRequest {
		if set["method"] {
			over.Method = def.Method
		}
		if set["path"] {
			over.Path = def.Path
		}
		if set["content-type"] {
			over.ContentType = def.ContentType
		}
	}
	r, err := c.request(a.ctx, over)
	if err != nil {
		return a.fail(&cliError{kind: kindInvalidRequest, exit: exitWebhook, msg: "the captured webhook is malformed: " + err.Error()})
	}
	in := webhookInputJSON{Format: c.Format, Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), BodyBytes: len(c.Body)}
	in.Fields, _ = c.fieldNames()

	client, err := a.open()
	if err != nil {
		return a.fail(err)
	}
	provider := client.Provider().Name()
	ev, err := client.VerifyWebhook(a.ctx, r)
	if err != nil {
		// Every refusal of the webhook itself is exit code 5, whatever its
		// category; not being able to verify at all is not.
		kind, _ := classify(err)
		switch kind {
		case kindUnsupported, kindConfig, kindCanceled, kindTimeout:
			return a.fail(err)
		}
		if a.json {
			je := errorObject(err)
			a.writeJSON(verifyJSON{Valid: false, Provider: provider, Error: &je, Input: in})
			return exitWebhook
		}
		fmt.Fprintf(a.stdout, "Webhook INVALID (%s): %s\n", provider, strings.TrimPrefix(err.Error(), "payments: "))
		writeInput(a.stdout, in)
		fmt.Fprintf(a.stdout, "Why: %s\n", webhookAdvice(provider, kind, in))
		return exitWebhook
	}
	res := verifyJSON{Valid: true, Provider: provider, Event: eventResult(ev), Input: in}
	ack := ev.Ack
	res.Ack = &ackJSON{StatusCode: ack.StatusCode, ContentType: ack.ContentType, Body: ack.Body}
	if res.Ack.StatusCode == 0 {
		res.Ack.StatusCode = http.StatusOK
	}
	if res.Ack.ContentType == "" {
		res.Ack.ContentType = "text/plain; charset=utf-8"
	}
	return a.emit(res, func(w io.Writer) {
		fmt.Fprintf(w, "Webhook valid (%s): %s event %s\n", provider, ev.Type, ev.ID)
		kv(w, "order", ev.OrderID)
		kv(w, "status", string(ev.Status))
		kv(w, "amount", money(ev.Amount))
		kv(w, "fee", money(ev.Fee))
		kv(w, "payment id", ev.PaymentID)
		kv(w, "error", joinNonEmpty(ev.ErrorCode, ev.ErrorMessage))
		for _, k := range slices.Sorted(maps.Keys(ev.Metadata)) {
			kv(w, "metadata", k+"="+ev.Metadata[k])
		}
		writeInput(w, in)
		fmt.Fprintf(w, "Acknowledge it with: %d %s %q\n", res.Ack.StatusCode, res.Ack.ContentType, res.Ack.Body)
	})
}
