package robokassa

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// xmlResult is the <Result> element of every XML interface response
// (https://docs.robokassa.ru/xml-interfaces).
type xmlResult struct {
	Code        string `xml:"Code"`
	Description string `xml:"Description"`
}

// ResultCode is the Result.Code of an XML interface response.
type ResultCode int

// Result codes of the XML interfaces (https://docs.robokassa.ru/xml-interfaces
// for 0, 2 and 1000; artgas1/robokassa-mcp types.py for 1,
// 3 and 4).
const (
	ResultOK            ResultCode = 0    // success
	ResultBadSignature  ResultCode = 1    // the request's signature is wrong: ErrUnauthorized
	ResultShopNotFound  ResultCode = 2    // shop not found or inactive: ErrUnauthorized
	ResultNotFound      ResultCode = 3    // operation not found: ErrNotFound
	ResultDuplicate     ResultCode = 4    // duplicate operation: ErrDuplicate
	ResultInternalError ResultCode = 1000 // Robokassa's internal error: ErrUnavailable
)

// resultKinds maps Result codes onto the core's error categories.
var resultKinds = map[ResultCode]struct {
	kind error
	text string
}{
	ResultBadSignature:  {payments.ErrUnauthorized, "bad request signature"},
	ResultShopNotFound:  {payments.ErrUnauthorized, "shop not found or inactive"},
	ResultNotFound:      {payments.ErrNotFound, "operation not found"},
	ResultDuplicate:     {payments.ErrDuplicate, "duplicate operation"},
	ResultInternalError: {payments.ErrUnavailable, "Robokassa internal error"},
}

// resultError returns nil for Result code 0 and otherwise the error for the
// code, keeping Robokassa's code and description. Unknown codes are
// protocol errors.
func resultError(op payments.Operation, r xmlResult) error {
	code, err := strconv.Atoi(r.Code)
	if err != nil {
		return newError(op, payments.ErrProtocol, r.Code, "XML response has no valid Result code")
	}
	if ResultCode(code) == ResultOK {
		return nil
	}
	k, ok := resultKinds[ResultCode(code)]
	if !ok {
		k.kind, k.text = payments.ErrProtocol, "unknown Result code"
	}
	msg := r.Description
	if msg == "" {
		msg = k.text
	}
	return newError(op, k.kind, r.Code, msg)
}

// xmlResponse is implemented by the XML response types.
type xmlResponse interface{ result() xmlResult }

// getXML calls an XML interface method by GET, the exchange ex (a read, even
// inside an operation that moves money), and decodes its response into v.
func (p *Provider) getXML(ctx context.Context, method string, q url.Values, ex providerkit.Exchange, v xmlResponse) error {
	op := ex.Op
	req, err := http.NewRequest(http.MethodGet, p.cfg.AuthURL+pathXML+method+"?"+q.Encode(), nil)
	if err != nil {
		return invalidf(op, "building request: %v", err)
	}
	resp, err := p.call(ctx, req, ex)
	if err != nil {
		return err
	}
	return decodeXML(ex, resp.StatusCode, resp.Body, v)
}

// decodeXML decodes an XML interface answer into v and returns the error
// its status or Result code means.
func decodeXML(ex providerkit.Exchange, status int, body []byte, v xmlResponse) error {
	op := ex.Op
	perr := xml.Unmarshal(body, v)
	if serr := statusError(ex, status, ""); serr != nil { // not 2xx
		if perr == nil && v.result().Code != "" {
			if err := resultError(op, v.result()); err != nil {
				return err
			}
		}
		return serr
	}
	if perr != nil {
		return protocolError(ex, perr)
	}
	return resultError(op, v.result())
}
