package robokassa

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// InvoiceType is the kind of an Invoice API invoice (wire notes §2.6).
type InvoiceType string

// Invoice types.
const (
	InvoiceOneTime  InvoiceType = "OneTime"  // paid once
	InvoiceReusable InvoiceType = "Reusable" // paid any number of times
)

// Invoice statuses for InvoiceQuery, capitalised as robokassa/sdk-php sends
// them (wire notes §2.6).
const (
	InvoicePaid    = "Paid"    // paid invoices
	InvoiceExpired = "Expired" // expired unpaid invoices
	InvoiceNotPaid = "Notpaid" // invoices still waiting
)

// Invoice is an Invoice API CreateInvoice request: a payment link that
// Robokassa hosts (wire notes §2.6).
type Invoice struct {
	// Type is OneTime (the default) or Reusable.
	Type InvoiceType
	// InvID is the shop's invoice number; 0 lets Robokassa assign one.
	InvID int64
	// Amount is OutSum, in the shop's currency. Required, positive.
	Amount payments.Money
	// Description is shown to the buyer; at most MaxDescription characters.
	Description string
	// Culture is the page's language.
	Culture string
	// MerchantComments is a note for the shop's staff.
	MerchantComments string
	// UserFields are the shop's own parameters, sent as shp_<name>; names
	// without the prefix and values without ':' or '=', as for Link.Shp
	// (Robokassa echoes them in the callbacks' signed Shp_ pairs).
	UserFields map[string]string
	// Items are the receipt lines. Give Items or Receipt, not both.
	Items []InvoiceItem
	// Receipt is converted to Items (and Sno), as aiorobokassa does, but
	// without rounding: see ItemsFromReceipt.
	Receipt *Receipt
	// SuccessURL and SuccessURLMethod ("GET" or "POST") override the
	// shop's SuccessURL.
	SuccessURL string
	// SuccessURLMethod is "GET" or "POST"; required with SuccessURL.
	SuccessURLMethod string
	// FailURL and FailURLMethod override the shop's FailURL.
	FailURL string
	// FailURLMethod is "GET" or "POST"; required with FailURL.
	FailURLMethod string
}

type urlData struct {
	URL    string `json:"Url"`
	Method string `json:"Method"`
}

type invoicePayload struct {
	MerchantLogin    string            `json:"MerchantLogin"`
	InvoiceType      InvoiceType       `json:"InvoiceType"`
	Culture          string            `json:"Culture,omitempty"`
	InvID            *int64            `json:"InvId,omitempty"`
	OutSum           jsonNumber        `json:"OutSum"`
	Description      string            `json:"Description,omitempty"`
	MerchantComments string            `json:"MerchantComments,omitempty"`
	UserFields       map[string]string `json:"UserFields,omitempty"`
	Sno              string            `json:"Sno,omitempty"`
	InvoiceItems     []invoiceItemJSON `json:"InvoiceItems,omitempty"`
	SuccessURL2Data  *urlData          `json:"SuccessUrl2Data,omitempty"`
	FailURL2Data     *urlData          `json:"FailUrl2Data,omitempty"`
}

// CreatedInvoice is CreateInvoice's answer.
type CreatedInvoice struct {
	// ID is the invoice's id (a GUID).
	ID string
	// URL is the payment link to give the buyer.
	URL string
	// InvID is the invoice number.
	InvID int64
	// EncodedID is the last part of URL.
	EncodedID string
}

// InvoiceToken returns the signed JWT of a JSON payload for the Invoice
// API: header {"typ":"JWT","alg":"<shop algorithm>"}, HMAC with the key
// MerchantLogin:Password1 (wire notes §2.6).
func (p *Provider) InvoiceToken(payload any) (string, error) {
	return signJWT(p.invoiceMethod, payload, []byte(p.cfg.MerchantLogin+":"+p.cfg.Password1.Reveal()), true)
}

func (p *Provider) invoicePayload(inv *Invoice) (*invoicePayload, error) {
	const op = OpCreateInvoice
	if inv == nil {
		return nil, invalidf(op, "nil invoice")
	}
	pl := &invoicePayload{
		MerchantLogin: p.cfg.MerchantLogin, InvoiceType: inv.Type, Culture: inv.Culture,
		Description: inv.Description, MerchantComments: inv.MerchantComments,
	}
	if pl.InvoiceType == "" {
		pl.InvoiceType = InvoiceOneTime
	}
	switch {
	case pl.InvoiceType != InvoiceOneTime && pl.InvoiceType != InvoiceReusable:
		return nil, invalidf(op, "invoice type %q is neither OneTime nor Reusable", string(inv.Type))
	case inv.InvID < 0:
		return nil, invalidf(op, "InvId must be positive or 0")
	case inv.Amount.Currency != p.cfg.Currency:
		return nil, invalidf(op, "invoice in %q; the shop's currency is %s", string(inv.Amount.Currency), p.cfg.Currency)
	case !inv.Amount.Amount.IsPositive() || !inv.Amount.Amount.Equal(inv.Amount.Amount.Truncate(2)):
		return nil, invalidf(op, "amount must be positive with at most two decimals")
	case !utf8.ValidString(inv.Description) || hasControl(inv.Description) || utf8.RuneCountInString(inv.Description) > MaxDescription:
		return nil, invalidf(op, "description must be printable text of at most %d characters", MaxDescription)
	case len(inv.Items) > 0 && inv.Receipt != nil:
		return nil, invalidf(op, "give Items or Receipt, not both")
	case inv.SuccessURL != "" && !validURL2(inv.SuccessURL), inv.FailURL != "" && !validURL2(inv.FailURL):
		return nil, invalidf(op, "success and fail URLs must be absolute http(s) URLs")
	case !validMethod(inv.SuccessURL, inv.SuccessURLMethod), !validMethod(inv.FailURL, inv.FailURLMethod):
		return nil, invalidf(op, "URL methods must be GET or POST with their URL and empty without it")
	}
	pl.OutSum = jsonNumber(inv.Amount.Amount)
	if inv.InvID > 0 {
		id := inv.InvID
		pl.InvID = &id
	}
	for k, v := range inv.UserFields {
		if err := checkShp(k, v); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
		if pl.UserFields == nil {
			pl.UserFields = make(map[string]string, len(inv.UserFields))
		}
		pl.UserFields["shp_"+k] = v
	}
	items := inv.Items
	if inv.Receipt != nil {
		var err error
		if items, err = ItemsFromReceipt(inv.Receipt); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
		pl.Sno = inv.Receipt.Sno
	}
	var err error
	if pl.InvoiceItems, err = itemsJSON(op, items); err != nil {
		return nil, err
	}
	if inv.SuccessURL != "" {
		pl.SuccessURL2Data = &urlData{URL: inv.SuccessURL, Method: inv.SuccessURLMethod}
	}
	if inv.FailURL != "" {
		pl.FailURL2Data = &urlData{URL: inv.FailURL, Method: inv.FailURLMethod}
	}
	return pl, nil
}

// invoiceCall posts a signed payload to an Invoice API method and decodes
// the answer into out after checking isSuccess. ex says whether the request
// may move money and names the operation.
func (p *Provider) invoiceCall(ctx context.Context, method string, payload any, ex providerkit.Exchange, out any) (json.RawMessage, error) {
	op := ex.Op
	tok, err := p.InvoiceToken(payload)
	if err != nil {
		return nil, invalidf(op, "signing: %v", err)
	}
	req, err := jwtRequest(p.cfg.ServicesURL+pathInvoice+method, tok, p.cfg.InvoiceBody)
	if err != nil {
		return nil, invalidf(op, "building request: %v", err)
	}
	resp, err := p.call(ctx, req, ex)
	if err != nil {
		return nil, err
	}
	if err := decodeInvoiceAnswer(ex, resp.StatusCode, resp.Body, out); err != nil {
		return nil, err
	}
	return json.RawMessage(resp.Body), nil
}

// decodeInvoiceAnswer checks an Invoice API answer's isSuccess and decodes
// it into out (when not nil).
func decodeInvoiceAnswer(ex providerkit.Exchange, status int, body []byte, out any) error {
	if status >= 500 {
		return statusError(ex, status, "")
	}
	var head struct {
		IsSuccess    *bool  `json:"isSuccess"`
		ErrorMessage string `json:"errorMessage"`
	}
	if err := json.Unmarshal(body, &head); err != nil || head.IsSuccess == nil {
		if status < 200 || status > 299 {
			return statusError(ex, status, "")
		}
		if err == nil {
			err = errors.New("no isSuccess field")
		}
		return protocolError(ex, err)
	}
	if !*head.IsSuccess {
		return newError(ex.Op, payments.ErrInvalidRequest, "", head.ErrorMessage)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return protocolError(ex, err)
		}
	}
	return nil
}

// CreateInvoice creates an invoice through the Invoice API and returns its
// payment link. A request that may have been sent without a usable answer is
// ErrOutcomeUnknown: list the invoices before creating it again.
func (p *Provider) CreateInvoice(ctx context.Context, inv *Invoice) (*CreatedInvoice, error) {
	const op = OpCreateInvoice
	pl, err := p.invoicePayload(inv)
	if err != nil {
		return nil, err
	}
	var out struct {
		ID        string      `json:"id"`
		URL       string      `json:"url"`
		InvID     json.Number `json:"invId"`
		EncodedID string      `json:"encodedId"`
	}
	if _, err := p.invoiceCall(ctx, "CreateInvoice", pl, providerkit.Moving(op), &out); err != nil {
		return nil, err
	}
	if out.URL == "" {
		return nil, protocolError(providerkit.Moving(op), errors.New("CreateInvoice answer has no url"))
	}
	ci := &CreatedInvoice{ID: out.ID, URL: out.URL, EncodedID: out.EncodedID}
	if out.InvID != "" {
		n, err := strconv.ParseInt(out.InvID.String(), 10, 64)
		if err != nil {
			return nil, protocolError(providerkit.Moving(op), errors.New("CreateInvoice invId "+quote(out.InvID.String())+" is not an integer"))
		}
		ci.InvID = n
	}
	return ci, nil
}

// InvoiceRef names an invoice by exactly one of its InvId, its id or its
// encoded id.
type InvoiceRef struct {
	// InvID is the invoice number.
	InvID int64
	// ID is the id CreateInvoice returned.
	ID string
	// EncodedID is the last part of the invoice's URL.
	EncodedID string
}

// DeactivateInvoice makes an invoice unpayable (wire notes §2.6).
func (p *Provider) DeactivateInvoice(ctx context.Context, ref InvoiceRef) error {
	const op = OpDeactivateInvoice
	pl := struct {
		MerchantLogin string `json:"MerchantLogin"`
		InvID         int64  `json:"InvId,omitempty"`
		ID            string `json:"Id,omitempty"`
		EncodedID     string `json:"EncodedId,omitempty"`
	}{p.cfg.MerchantLogin, ref.InvID, ref.ID, ref.EncodedID}
	n := 0
	for _, set := range []bool{ref.InvID != 0, ref.ID != "", ref.EncodedID != ""} {
		if set {
			n++
		}
	}
	if n != 1 || ref.InvID < 0 {
		return invalidf(op, "give exactly one of InvID, ID and EncodedID")
	}
	_, err := p.invoiceCall(ctx, "DeactivateInvoice", pl, providerkit.Read(op), nil)
	return err
}
