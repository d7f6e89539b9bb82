package robokassa

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// InvoiceType is the kind of an Invoice API invoice (https://docs.robokassa.ru/invoice-api).
type InvoiceType string

// Invoice types.
const (
	InvoiceOneTime  InvoiceType = "OneTime"  // paid once
	InvoiceReusable InvoiceType = "Reusable" // paid any number of times
)

// Invoice statuses for InvoiceQuery, capitalised as robokassa/sdk-php sends
// them (robokassa/sdk-php; https://docs.robokassa.ru/invoice-api).
const (
	InvoicePaid    = "Paid"    // paid invoices
	InvoiceExpired = "Expired" // expired unpaid invoices
	InvoiceNotPaid = "Notpaid" // invoices still waiting
)

// Invoice is an Invoice API CreateInvoice request: a payment link that
// Robokassa hosts (https://docs.robokassa.ru/invoice-api).
type Invoice struct {
	// Type is OneTime (the default) or Reusable.
	Type InvoiceType
	// InvID is the shop's invoice number; 0 lets Robokassa assign one.
	// A Reusable invoice must leave it 0: CreateInvoice refuses a Reusable
	// invoice with an InvID with payments.ErrInvalidRequest.
	//
	// A Reusable invoice ("многоразовая ссылка",
	// https://docs.robokassa.ru/ru/invoice-api) is paid any number of
	// times, and Robokassa does not document whether each payment through
	// it gets an InvId of its own in ResultURL (its payment interface
	// wants InvId unique per payment, https://docs.robokassa.ru/pay-interface).
	// A notification is one payment under the InvId it carries
	// ([Provider.VerifyResultURL]), and the webhook event's id is built
	// from it ("result:<MerchantLogin>:<InvId>"): were every payment of a
	// reusable invoice reported under the shop's one InvID, the webhook
	// de-duplication would take the second and later payments for
	// deliveries of the first and drop them, money taken and the order
	// never marked paid. Correlate a Reusable invoice's payments by its
	// UserFields (echoed as shp_ parameters, [Notification.Shp]) or by the
	// Payments of [Provider.ListInvoices], not by an InvId.
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

	// ExpirationDate is when the invoice stops accepting payment; zero
	// means Robokassa's default. Sent as ISO 8601 with its offset, as
	// robokassa/sdk-php's tests send it ("2026-12-31T23:59:59+03:00").
	ExpirationDate time.Time
	// Aliases limit the payment methods offered, by alias ("BankCard",
	// "SBP"; the Alias of Provider.Currencies).
	Aliases []string
	// IsWithoutFreeSale suppresses Robokassa's automatic "free sale"
	// receipt of a payment without receipt lines, so that the shop
	// registers the receipt after the payment itself
	// (https://docs.robokassa.ru/ru/deferred-receipt-registration). It
	// takes no Items or Receipt.
	IsWithoutFreeSale bool

	// StepByStep makes the invoice a hold (two-step payment,
	// https://docs.robokassa.ru/holding/): a OneTime invoice only, and
	// not with Recurring or Token. The hold is reported only to
	// ResultURL2, which it requires; capture it with Provider.Capture.
	StepByStep bool
	// Recurring makes the invoice's payment a recurring parent
	// (https://docs.robokassa.ru/recurring/); not with Token.
	Recurring bool
	// Token pays with a saved card: the OpKey of an earlier operation
	// with the card (https://docs.robokassa.ru/pay-interface/, "Оплата по
	// сохраненной карте"). It never prints in errors.
	Token string
	// ResultURL2 receives Robokassa's JWS notification of the payment.
	ResultURL2 string
	// Email is the buyer's e-mail address.
	Email string
	// IsTest creates a test invoice (AdditionalParameters.IsTest "1"),
	// signed with Config.TestPassword1 as robokassa/sdk-php signs it.
	IsTest bool
}

// additionalParameters is the Invoice API's AdditionalParameters object:
// every value a string, as robokassa/sdk-php sends them (its sendHold and
// sendSavedCard tests: "StepByStep":"true", "IsTest":"1").
type additionalParameters struct {
	StepByStep string `json:"StepByStep,omitempty"`
	Recurring  string `json:"Recurring,omitempty"`
	Token      string `json:"Token,omitempty"`
	ResultURL2 string `json:"ResultURL2,omitempty"`
	Email      string `json:"Email,omitempty"`
	IsTest     string `json:"IsTest,omitempty"`
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
	ExpirationDate   string            `json:"ExpirationDate,omitempty"`
	Aliases          []string          `json:"Aliases,omitempty"`
	// IsWithoutFreeSale is sent only when true, as sdk-php drops empty
	// values.
	IsWithoutFreeSale bool                  `json:"IsWithoutFreeSale,omitempty"`
	AdditionalParams  *additionalParameters `json:"AdditionalParameters,omitempty"`
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
// MerchantLogin:Password1 (https://docs.robokassa.ru/invoice-api).
func (p *Provider) InvoiceToken(payload any) (string, error) {
	return p.invoiceToken(payload, false)
}

// invoiceToken signs with the test password for a test invoice
// (robokassa/sdk-php: JWT key login:<test Password #1>).
func (p *Provider) invoiceToken(payload any, test bool) (string, error) {
	password := p.cfg.Password1
	if test {
		password = p.cfg.TestPassword1
	}
	return signJWT(p.invoiceMethod, payload, []byte(p.cfg.MerchantLogin+":"+password.Reveal()), true)
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
	case pl.InvoiceType == InvoiceReusable && inv.InvID > 0:
		// A reusable link is paid many times
		// (https://docs.robokassa.ru/ru/invoice-api, "многоразовая
		// ссылка"); under one shop-given InvId its payments would share one
		// webhook event id and all but the first be dropped as duplicates.
		return nil, invalidf(op, "InvID must be 0 for a Reusable invoice (it is paid many times; one InvId would make its payments look like one)")
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
	if err := p.invoiceExtras(inv, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// invoiceCall posts a signed payload to an Invoice API method and decodes
// the answer into out after checking isSuccess. ex says whether the request
// may move money and names the operation.
func (p *Provider) invoiceCall(ctx context.Context, method string, payload any, ex providerkit.Exchange, out any) (json.RawMessage, error) {
	op := ex.Op
	test := false
	if pl, ok := payload.(*invoicePayload); ok && pl.AdditionalParams != nil && pl.AdditionalParams.IsTest != "" {
		test = true
	}
	tok, err := p.invoiceToken(payload, test)
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
		Message      string `json:"message"` // robokassa/sdk-php's tests
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
		msg := head.ErrorMessage
		if msg == "" {
			msg = head.Message
		}
		return newError(ex.Op, payments.ErrInvalidRequest, "", msg)
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

// DeactivateInvoice makes an invoice unpayable (https://docs.robokassa.ru/invoice-api).
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
