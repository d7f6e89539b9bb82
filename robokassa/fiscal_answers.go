package robokassa

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// fiscalCode is a RoboFiscal code: a JSON string ("2") as documented, or a
// number, read either way.
type fiscalCode string

// UnmarshalJSON implements json.Unmarshaler.
func (c *fiscalCode) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = fiscalCode(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("code is neither a string nor a number")
	}
	*c = fiscalCode(n.String())
	return nil
}

// fiscalStatuses maps the receipt states shared by Attach's ResultCode and
// Status's Code (https://docs.robokassa.ru/second-check): 1 waiting, 2
// registered, 3 error. Attach also answers 0, "ok": accepted.
var fiscalStatuses = map[fiscalCode]payments.FiscalStatus{
	"0": payments.FiscalPending,
	"1": payments.FiscalPending,
	"2": payments.FiscalRegistered,
	"3": payments.FiscalFailed,
}

// fiscalRefusal classifies the codes that are errors rather than states:
// 1001 a bad signature (recorded by igor-netFantom/robokassa-api), and a
// MerchantNotFoundException in the description of a 1000 (the live answer
// recorded there for an unknown merchantId); nil for the others.
func fiscalRefusal(op payments.Operation, code fiscalCode, desc string) error {
	switch {
	case code == "1001":
		return newError(op, payments.ErrUnauthorized, string(code), "RoboFiscal refused the signature (Password #1 or the algorithm): "+desc)
	case code == "1000" && strings.Contains(desc, "MerchantNotFound"):
		return newError(op, payments.ErrUnauthorized, string(code), "RoboFiscal does not know the merchant: "+desc)
	}
	return nil
}

// parseAttach reads a Receipt/Attach answer:
// {"ResultCode":"0","ResultDescription":"ok"}, maybe with an OpKey.
func parseAttach(ex providerkit.Exchange, req *payments.ReceiptRequest, resp *providerkit.Response) (*payments.FiscalReceipt, error) {
	op := ex.Op
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, providerkit.Stamp(Name, op, resp.StatusError(ex, "", ""))
	}
	var out struct {
		ResultCode        *fiscalCode `json:"ResultCode"`
		ResultDescription string      `json:"ResultDescription"`
	}
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		return nil, protocolError(ex, err)
	}
	if out.ResultCode == nil {
		return nil, protocolError(ex, errors.New("Receipt/Attach answer has no ResultCode"))
	}
	code := *out.ResultCode
	if err := fiscalRefusal(op, code, out.ResultDescription); err != nil {
		return nil, err
	}
	st, ok := fiscalStatuses[code]
	if !ok {
		// 1000 (internal error) or a code nobody documented: the receipt
		// may have been registered.
		return nil, protocolError(ex, errors.New("Receipt/Attach answered ResultCode "+quote(string(code))+": "+out.ResultDescription))
	}
	return &payments.FiscalReceipt{
		ID: req.ReceiptID, OrderID: req.OrderID, Status: st, Code: string(code), Message: out.ResultDescription,
	}, nil
}

// ReceiptStatus asks RoboFiscal's Receipt/Status about a second receipt
// (https://docs.robokassa.ru/second-check), over the signed body of
// {"merchantId","id"}, sent as application/json; charset=utf-8 as sdk-php
// (ReceiptService.php) sends it.
//
// Open question: the documentation calls id "the operation identifier"
// and its example does not say whether that is the Attach id or the
// payment's InvId. Choice made: the receipt's own id (q.ReceiptID, the
// Attach id), the identifier the receipt was registered under and the one
// sdk-php's caller passes; q.OrderID is not sent.
//
// Code 1 is payments.FiscalPending, 2 FiscalRegistered, 3 FiscalFailed;
// Raw holds FnNumber, FiscalDocumentNumber, FiscalDocumentAttribute,
// FiscalDate and FiscalType where given, and RegisteredAt is FiscalDate
// when it parses. Code 1000 ("request error", also Robokassa's answer for
// an id it does not know) is payments.ErrNotFound, with the description;
// 1001 and an unknown merchant are ErrUnauthorized; other codes are
// ErrProtocol. Beware that 1000 does not prove the receipt was never
// registered when the request itself was at fault.
func (p *Provider) ReceiptStatus(ctx context.Context, q payments.ReceiptQuery) (*payments.FiscalReceipt, error) {
	const op = payments.OpReceiptStatus
	if _, err := parseInvID(op, q.ReceiptID); err != nil {
		return nil, invalidf(op, "receipt id %q is not a positive integer", q.ReceiptID)
	}
	js, err := compactJSON(struct {
		MerchantID string `json:"merchantId"`
		ID         string `json:"id"`
	}{p.cfg.MerchantLogin, q.ReceiptID})
	if err != nil {
		return nil, invalidf(op, "encoding the query: %v", err)
	}
	ex := providerkit.Read(op)
	resp, err := p.fiscalPost(ctx, pathReceiptStatus, "application/json; charset=utf-8", js, ex)
	if err != nil {
		return nil, err
	}
	return parseReceiptStatus(ex, q, resp)
}

// parseReceiptStatus reads a Receipt/Status answer:
// {"Code":"2","Description":"Done","FnNumber":"…","FiscalDocumentNumber":"…",
// "FiscalDocumentAttribute":"…","FiscalDate":null,"FiscalType":null}.
func parseReceiptStatus(ex providerkit.Exchange, q payments.ReceiptQuery, resp *providerkit.Response) (*payments.FiscalReceipt, error) {
	op := ex.Op
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, providerkit.Stamp(Name, op, resp.StatusError(ex, "", ""))
	}
	var out struct {
		Code        *fiscalCode `json:"Code"`
		Description string      `json:"Description"`
	}
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		return nil, protocolError(ex, err)
	}
	if out.Code == nil {
		return nil, protocolError(ex, errors.New("Receipt/Status answer has no Code"))
	}
	code := *out.Code
	if err := fiscalRefusal(op, code, out.Description); err != nil {
		return nil, err
	}
	if code == "1000" {
		return nil, newError(op, payments.ErrNotFound, string(code), "RoboFiscal has no such receipt (or refused the request): "+out.Description)
	}
	st, ok := fiscalStatuses[code]
	if !ok || code == "0" {
		return nil, protocolError(ex, errors.New("Receipt/Status answered Code "+quote(string(code))+": "+out.Description))
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(resp.Body, &fields) // it parsed above
	raw := map[string]string{}
	for _, k := range []string{"FnNumber", "FiscalDocumentNumber", "FiscalDocumentAttribute", "FiscalDate", "FiscalType"} {
		var v any
		if json.Unmarshal(fields[k], &v) != nil || v == nil {
			continue
		}
		switch v := v.(type) {
		case string:
			raw[k] = v
		default:
			raw[k] = string(fields[k])
		}
	}
	r := &payments.FiscalReceipt{ID: q.ReceiptID, Status: st, Code: string(code), Message: out.Description}
	if len(raw) > 0 {
		r.Raw = raw
	}
	if d, ok := raw["FiscalDate"]; ok {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, d); err == nil {
				r.RegisteredAt = t
				break
			}
		}
	}
	return r, nil
}
