package robokassa

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// RefundCreate is a Refund API request (https://docs.robokassa.ru/refund-api).
type RefundCreate struct {
	// OpKey identifies the paid operation (from OpState or ResultUrl2); a
	// saved-card token, redacted when the request is printed or marshalled.
	// Required.
	OpKey string
	// Sum is the amount to refund. Zero sends no RefundSum, Robokassa's
	// full refund ("RefundSum: the sum of a partial refund, not given for a
	// full refund", https://docs.robokassa.ru/ru/refund-api): what is left of
	// the payment after earlier refunds, as Robokassa's official OpenCart
	// module uses it (github.com/robokassa/cms-opencart, submitRefund in
	// "OpenCart 3.x/upload/admin/controller/extension/payment/robokassa.php"
	// omits RefundSum when the amount equals what remains). Robokassa's
	// answer does not say how much that is; Refund/GetState does.
	Sum decimal.Decimal
	// Items are the refunded receipt lines, if any.
	Items []InvoiceItem
}

type refundPayload struct {
	OpKey        string            `json:"OpKey"`
	RefundSum    *jsonNumber       `json:"RefundSum,omitempty"`
	InvoiceItems []invoiceItemJSON `json:"InvoiceItems,omitempty"`
}

// Refund API error messages (https://docs.robokassa.ru/refund-api) and their categories.
var refundErrors = map[string]struct {
	kind error
	text string
}{
	"NotEnoughOperationFunds": {payments.ErrInsufficientFunds, "not enough funds left on the operation to refund"},
	"OperationNotFound":       {payments.ErrNotFound, "operation not found"},
	"AlreadyRefunded":         {payments.ErrDuplicate, "operation already refunded"},
}

// RefundToken returns the signed JWT of a refund request: header
// {"alg":"HS256","typ":"JWT"} (or HS384/HS512, Config.RefundAlgorithm),
// the compact JSON payload, key Password3.
func (p *Provider) RefundToken(r RefundCreate) (string, error) {
	const op = payments.OpRefund
	if p.cfg.Password3 == "" {
		return "", errNoPassword3(op)
	}
	if r.OpKey == "" || hasSpaceOrControl(r.OpKey) {
		return "", invalidf(op, "OpKey is required")
	}
	if r.Sum.IsNegative() || !r.Sum.Equal(r.Sum.Truncate(2)) {
		return "", invalidf(op, "refund sum %s must be positive with at most two decimals", r.Sum.String())
	}
	items, err := itemsJSON(op, r.Items)
	if err != nil {
		return "", err
	}
	pl := refundPayload{OpKey: r.OpKey, InvoiceItems: items}
	if !r.Sum.IsZero() {
		s := jsonNumber(r.Sum)
		pl.RefundSum = &s
	}
	tok, err := signJWT(p.refundMethod, pl, []byte(p.cfg.Password3), false)
	if err != nil {
		return "", invalidf(op, "signing: %v", err)
	}
	return tok, nil
}

// jwtRequest builds a POST carrying token in the configured format.
func jwtRequest(u, token string, format BodyFormat) (*http.Request, error) {
	body, ct := token, "application/jwt"
	if format == BodyJSONString {
		b, _ := json.Marshal(token)
		body, ct = string(b), "application/json"
	}
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ct)
	return req, nil
}

// CreateRefund sends a Refund/Create request and returns Robokassa's
// request id, to follow with RefundState. Errors: NotEnoughOperationFunds is
// ErrInsufficientFunds, OperationNotFound ErrNotFound, AlreadyRefunded
// ErrDuplicate, other refusals ErrDeclined, with Robokassa's message as the
// error's Code; a request that may have been sent without a usable answer
// is ErrOutcomeUnknown, whose Advice says how to find out (see
// RefundAdvice).
func (p *Provider) CreateRefund(ctx context.Context, r RefundCreate) (string, error) {
	const op = payments.OpRefund
	tok, err := p.RefundToken(r)
	if err != nil {
		return "", err
	}
	req, err := jwtRequest(p.cfg.ServicesURL+pathRefund, tok, p.cfg.RefundBody)
	if err != nil {
		return "", invalidf(op, "building request: %v", err)
	}
	resp, err := p.call(ctx, req, providerkit.Moving(op))
	if err != nil {
		return "", withRefundAdvice(err)
	}
	id, err := parseRefundCreate(resp.StatusCode, resp.Body)
	return id, withRefundAdvice(err)
}

// parseRefundCreate reads a Refund/Create answer. Only a 2xx answer can
// report a refund made. A status that the shared policy
// (providerkit.StatusError) counts as possibly acted on (5xx, 3xx, an
// unexpected 4xx) is ErrOutcomeUnknown whatever the body says; from the
// other statuses (2xx, and 4xx such as 400 or 404) a refusal
// ({"success":false,...}) is read.
func parseRefundCreate(status int, body []byte) (string, error) {
	const op = payments.OpRefund
	ex := providerkit.Moving(op)
	ok := status >= 200 && status <= 299
	if !ok {
		if err := statusError(ex, status, ""); errors.Is(err, payments.ErrOutcomeUnknown) {
			return "", err
		}
	}
	var out struct {
		Success   *bool   `json:"success"`
		Message   *string `json:"message"`
		RequestID *string `json:"requestId"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Success == nil {
		if !ok {
			return "", statusError(ex, status, "")
		}
		if err == nil {
			err = errors.New("no success field")
		}
		return "", protocolError(ex, err)
	}
	if *out.Success && !ok {
		// A success that is not a 2xx answer is not one.
		return "", statusError(ex, status, "")
	}
	if !*out.Success {
		msg := ""
		if out.Message != nil {
			msg = *out.Message
		}
		k, ok := refundErrors[msg]
		if !ok {
			k.kind, k.text = payments.ErrDeclined, "refund refused"
		}
		return "", newError(op, k.kind, msg, k.text)
	}
	if out.RequestID == nil || *out.RequestID == "" {
		return "", protocolError(ex, errors.New("success without requestId"))
	}
	return *out.RequestID, nil
}

// RefundState is a refund's progress from Refund/GetState.
type RefundState struct {
	// RequestID is the refund request's id.
	RequestID string
	// Amount is the refunded amount in the shop's currency.
	Amount payments.Money
	// Label is Robokassa's state: "finished", "processing" or "canceled".
	Label string
	// Status is Label mapped onto the core's statuses.
	Status payments.Status
}

// refundStatuses maps GetState labels (https://docs.robokassa.ru/refund-api).
var refundStatuses = map[string]payments.Status{
	"finished":   payments.StatusSucceeded,
	"processing": payments.StatusProcessing,
	"canceled":   payments.StatusCanceled,
}

// RefundStatusOf maps a GetState label onto the core's statuses; unknown
// labels are payments.StatusUnknown.
func RefundStatusOf(label string) payments.Status {
	if s, ok := refundStatuses[label]; ok {
		return s
	}
	return payments.StatusUnknown
}

// RefundState asks Refund/GetState (no authentication) about a refund.
// "Id is invalid or request id does not exist" is ErrNotFound.
func (p *Provider) RefundState(ctx context.Context, requestID string) (*RefundState, error) {
	return p.refundState(ctx, requestID, providerkit.Read(payments.OpRefundStatus))
}

// refundState sends Refund/GetState as the read ex: a lookup of its own
// (RefundStatus), or the step of a refund that asks how much it refunded.
func (p *Provider) refundState(ctx context.Context, requestID string, ex providerkit.Exchange) (*RefundState, error) {
	op := ex.Op
	if requestID == "" || hasSpaceOrControl(requestID) {
		return nil, invalidf(op, "refund id is required")
	}
	req, err := http.NewRequest(http.MethodGet, p.cfg.ServicesURL+pathRefundSt+"?id="+url.QueryEscape(requestID), nil)
	if err != nil {
		return nil, invalidf(op, "building request: %v", err)
	}
	resp, err := p.call(ctx, req, ex)
	if err != nil {
		return nil, err
	}
	return p.parseRefundState(ex, requestID, resp.StatusCode, resp.Body)
}

// parseRefundState reads a Refund/GetState answer to the read ex.
func (p *Provider) parseRefundState(ex providerkit.Exchange, requestID string, status int, body []byte) (*RefundState, error) {
	op := ex.Op
	var out struct {
		RequestID string       `json:"requestId"`
		Amount    *json.Number `json:"amount"`
		Label     string       `json:"label"`
		Message   string       `json:"message"`
	}
	perr := json.Unmarshal(body, &out)
	if perr == nil && out.Label == "" && out.Message != "" {
		kind := payments.ErrProtocol
		if strings.Contains(out.Message, "does not exist") || strings.Contains(out.Message, "is invalid") {
			kind = payments.ErrNotFound
		}
		return nil, newError(op, kind, "", out.Message)
	}
	if status < 200 || status > 299 {
		return nil, statusError(ex, status, "")
	}
	if perr != nil {
		return nil, protocolError(ex, perr)
	}
	if out.Label == "" {
		return nil, protocolError(ex, errors.New("GetState answer has no label"))
	}
	st := &RefundState{RequestID: out.RequestID, Label: out.Label, Status: RefundStatusOf(out.Label)}
	if st.RequestID == "" {
		st.RequestID = requestID
	}
	if out.Amount != nil {
		m, err := payments.ParseMoney(out.Amount.String(), p.cfg.Currency)
		if err != nil || m.Amount.IsNegative() {
			return nil, protocolError(ex, errors.New("GetState amount "+quote(out.Amount.String())+" is not an amount in "+string(p.cfg.Currency)))
		}
		st.Amount = m
	}
	return st, nil
}
