package tbank

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// answer is a decoded T-Bank answer: its root values as received, read
// by exact key (see parseObject), so that "DATA" and "Data" never mix and
// ids arrive as strings or numbers alike.
type answer map[string]json.RawMessage

// text returns the value of key as text: a string as decoded, a number or
// boolean as its JSON text, "" for absent, null, objects and arrays.
func (a answer) text(key string) string {
	raw, ok := a[key]
	if !ok {
		return ""
	}
	s, ok, err := scalarText(raw)
	if err != nil || !ok {
		return ""
	}
	return s
}

// success reads Success, a boolean or the string "true".
func (a answer) success() bool { return a.text("Success") == "true" }

// call signs body (TerminalKey and Token added), POSTs it as JSON to
// base/method as exchange ex and returns the answer. T-Bank answers 200
// to requests it refused, with Success false and an ErrorCode: those
// become errors of the kind kindOf says, with T-Bank's code and message.
func (p *Provider) call(ctx context.Context, ex providerkit.Exchange, method string, body map[string]any) (answer, error) {
	b, err := p.sign(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/"+method, bytes.NewReader(b))
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "building the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := providerkit.Do(ctx, p.http, req, ex)
	if err != nil {
		return nil, err
	}
	a, jsonErr := parseObject(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var code, msg string
		if jsonErr == nil {
			code, msg = answer(a).text("ErrorCode"), answer(a).text("Message")
		}
		return nil, resp.StatusError(ex, code, msg)
	}
	if jsonErr != nil {
		return nil, providerkit.ProtocolError(ex, jsonErr)
	}
	return checkAnswer(ex, a)
}

// checkAnswer turns an answer with Success false (or a non-zero
// ErrorCode) into its error.
func checkAnswer(ex providerkit.Exchange, a answer) (answer, error) {
	code := a.text("ErrorCode")
	if _, ok := a["Success"]; !ok {
		return nil, providerkit.ProtocolError(ex, errors.New("an answer without Success"))
	}
	if a.success() && (code == "" || code == "0") {
		return a, nil
	}
	if code == "" || code == "0" {
		return nil, providerkit.ProtocolError(ex, errors.New("an answer with Success false and no ErrorCode"))
	}
	msg := a.text("Message")
	if d := a.text("Details"); d != "" && d != "None" {
		msg += " (" + d + ")"
	}
	return nil, payments.NewError(kindOf(ex, code, a.text("Details")), code, msg)
}

// sign returns body as JSON with TerminalKey and its Token.
func (p *Provider) sign(body map[string]any) ([]byte, error) {
	body["TerminalKey"] = p.terminal
	delete(body, "Token")
	b, err := json.Marshal(body)
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "encoding the request: %w", err)
	}
	fields, err := parseObject(b)
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "encoding the request: %w", err)
	}
	tok, err := Token(fields, p.password.Reveal())
	if err != nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "signing the request: %w", err)
	}
	body["Token"] = tok
	return json.Marshal(body)
}
