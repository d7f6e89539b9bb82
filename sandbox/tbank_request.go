package sandbox

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// tbMaxBody limits a request body the T-Bank side reads.
const tbMaxBody = 64 << 10

// tbRequest is a parsed T-Bank request body: a JSON object's root scalars
// as their canonical token text, and its nested objects and arrays.
type tbRequest struct {
	scalars map[string]string // every root scalar but Token, as signed
	nested  map[string]any    // root objects and arrays (Receipt, DATA, ...)
	token   string
	tokened bool
}

var errTBNotObject = errors.New("sandbox: the body is not a JSON object")

// parseTBRequest parses a request body as the T-Bank API takes it: one
// JSON object. Root scalars keep the text the Token is computed over
// (section «Токен» of https://www.tbank.ru/kassa/dev/payments/index.html): strings as decoded,
// numbers as their JSON literal, booleans as true/false; null is left out.
// Objects and arrays are kept apart and never signed.
func parseTBRequest(body []byte) (*tbRequest, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil || root == nil {
		return nil, errTBNotObject
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errTBNotObject
	}
	req := &tbRequest{scalars: map[string]string{}, nested: map[string]any{}}
	for k, v := range root {
		var text string
		switch v := v.(type) {
		case nil:
			continue
		case string:
			text = v
		case json.Number:
			text = v.String()
		case bool:
			text = strconv.FormatBool(v)
		default: // map[string]any, []any
			req.nested[k] = v
			continue
		}
		if k == "Token" {
			req.token, req.tokened = text, true
			continue
		}
		req.scalars[k] = text
	}
	return req, nil
}

// tbToken computes the Token of scalars with password (section «Токен» of
// https://www.tbank.ru/kassa/dev/payments/index.html): add Password, sort the keys ordinally, concatenate the values,
// SHA-256, lower-case hex.
func tbToken(scalars map[string]string, password string) string {
	keys := make([]string, 0, len(scalars)+1)
	for k := range scalars {
		if k != "Password" && k != "Token" {
			keys = append(keys, k)
		}
	}
	keys = append(keys, "Password")
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		if k == "Password" {
			io.WriteString(h, password)
			continue
		}
		io.WriteString(h, scalars[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// T-Bank error answers the sandbox gives (section «Коды ошибок» of
// https://www.tbank.ru/kassa/dev/payments/index.html).
// All come with HTTP 200 and Success false.
type tbError struct{ code, message, details string }

var (
	tbErrNoToken    = tbError{"9999", "Неверные параметры.", "Поле Token не должно быть пустым."}
	tbErrToken      = tbError{"204", "Неверный токен. Проверьте пару TerminalKey/SecretKey.", ""}
	tbErrTerminal   = tbError{"205", "Терминал не найден.", ""}
	tbErrNotFound   = tbError{"255", "Платеж не найден.", ""}
	tbErrNoOrder    = tbError{"335", "Заказ не найден.", ""}
	tbErrNoRebill   = tbError{"502", "Не найден RebillId.", ""}
	tbErrState      = tbError{"8", "Неверный статус транзакции.", ""}
	tbErrAmount     = tbError{"100", "Сумма превышает сумму платежа.", ""}
	tbErrRefundSum  = tbError{"330", "Сумма возврата больше суммы платежа.", ""}
	tbErrPaidOrder  = tbError{"623", "Для данного OrderId уже есть успешный платеж.", ""}
	tbErrReceiptSum = tbError{"308", "Суммы в чеке и в платеже не совпадают.", ""}
	tbErrRefundFund = tbError{"3002", "Недостаточно средств для возврата.", "sandbox trigger " + TriggerInsufficientFunds}
)

// tbInvalid is the answer to a missing or malformed field.
func tbInvalid(field string) tbError {
	return tbError{"9", "Неверные параметры.", "Поле " + field + " не заполнено или некорректно."}
}

// readRequest reads r's JSON body and checks it: a JSON object (else 9),
// the sandbox's TerminalKey (else 205), a Token (else 9999) equal to the
// Token by the rule of section «Токен», in lower-case hex (else 204),
// compared in constant time. It
// writes the error answer and returns nil when the request is refused.
func (b *tbankSide) readRequest(w http.ResponseWriter, r *http.Request, method string) *tbRequest {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, tbMaxBody))
	if err != nil {
		b.fail(w, "", tbError{"9", "Неверные параметры.", "Тело запроса слишком большое или не прочитано."})
		return nil
	}
	req, err := parseTBRequest(body)
	if err != nil {
		b.fail(w, "", tbError{"9", "Неверные параметры.", "Тело запроса не является JSON-объектом."})
		return nil
	}
	if req.scalars["TerminalKey"] != b.t.TerminalKey {
		b.s.logf("tbank %s: unknown terminal", method)
		b.fail(w, "", tbErrTerminal)
		return nil
	}
	if !req.tokened || req.token == "" {
		b.s.logf("tbank %s: no Token", method)
		b.fail(w, "", tbErrNoToken)
		return nil
	}
	want := tbToken(req.scalars, b.t.Password.Reveal())
	if subtle.ConstantTimeCompare([]byte(want), []byte(req.token)) != 1 {
		e := tbErrToken
		e.details = tbTokenHint(req.scalars)
		b.s.logf("tbank %s: wrong Token; %s", method, e.details)
		b.fail(w, "", e)
		return nil
	}
	return req
}

// kopecks returns the request's whole, positive number of kopecks in key
// (a JSON number or a string of digits); ok is false when it is absent;
// valid is false when it is present but not such a number.
func (req *tbRequest) kopecks(key string) (n int64, ok, valid bool) {
	text, ok := req.scalars[key]
	if !ok {
		return 0, false, true
	}
	if text == "" || len(text) > 10 || strings.TrimLeft(text, "0123456789") != "" {
		return 0, true, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	return n, true, err == nil && n > 0
}

// tbJSON writes v as a JSON answer, without HTML escaping (URLs keep their
// '&').
func tbJSON(w http.ResponseWriter, status int, v any) {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimSuffix(body.Bytes(), []byte("\n")))
}

// fail writes an error answer: HTTP 200, Success false.
func (b *tbankSide) fail(w http.ResponseWriter, paymentID string, e tbError) {
	answer := map[string]any{
		"Success": false, "ErrorCode": e.code, "Message": e.message, "Details": e.details,
		"TerminalKey": b.t.TerminalKey,
	}
	if paymentID != "" {
		answer["PaymentId"] = paymentID
	}
	tbJSON(w, http.StatusOK, answer)
}

// ok writes a successful answer: fields plus Success, ErrorCode "0",
// TerminalKey.
func (b *tbankSide) ok(w http.ResponseWriter, fields map[string]any) {
	fields["Success"] = true
	fields["ErrorCode"] = "0"
	fields["TerminalKey"] = b.t.TerminalKey
	if _, set := fields["Message"]; !set {
		fields["Message"] = "OK"
	}
	tbJSON(w, http.StatusOK, fields)
}

// serverError answers a trigger's 5xx: 503 before acting (42.42) or 500
// after acting (66.66).
func (b *tbankSide) serverError(w http.ResponseWriter, status int, method, trig string) {
	b.s.logf("tbank %s: trigger %s, answering %d", method, trig, status)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	tbJSON(w, status, map[string]any{"Success": false, "ErrorCode": "3", "Message": "sandbox trigger " + trig})
}
