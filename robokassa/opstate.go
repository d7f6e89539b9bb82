package robokassa

import (
	"context"
	"encoding/xml"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// State codes of OpStateExt (https://docs.robokassa.ru/xml-interfaces).
const (
	StateInitiated = 5   // initialised, not paid
	StateCanceled  = 10  // cancelled by the buyer or a timeout
	StateHeld      = 20  // on hold (StepByStep)
	StateCrediting = 50  // received, being credited to the shop
	StateReturned  = 60  // crediting refused, money returned to the buyer
	StateSuspended = 80  // suspended (Robokassa is checking the payment)
	StatePaid      = 100 // paid
)

// stateStatuses is the one table mapping OpStateExt state codes onto the
// core's statuses. 80 (suspended) is processing: the money was taken and
// Robokassa holds the operation for a check; it ends paid or returned.
// 60 is failed: the shop was not credited and the buyer got the money back
// (it is not a merchant refund).
var stateStatuses = map[int]payments.Status{
	StateInitiated: payments.StatusPending,
	StateCanceled:  payments.StatusCanceled,
	StateHeld:      payments.StatusAuthorized,
	StateCrediting: payments.StatusProcessing,
	StateReturned:  payments.StatusFailed,
	StateSuspended: payments.StatusProcessing,
	StatePaid:      payments.StatusSucceeded,
}

// StateStatus maps an OpStateExt state code onto the core's status;
// unknown codes are payments.StatusUnknown.
func StateStatus(code int) payments.Status {
	if s, ok := stateStatuses[code]; ok {
		return s
	}
	return payments.StatusUnknown
}

// OperationState is what OpStateExt reports about an invoice
// (https://docs.robokassa.ru/xml-interfaces).
type OperationState struct {
	// InvID is the invoice number asked about.
	InvID int64
	// StateCode is Robokassa's state code (5, 10, 20, 50, 60, 80, 100).
	StateCode int
	// Status is StateCode mapped onto the core's statuses.
	Status payments.Status
	// RequestDate is when Robokassa answered; StateDate when the state
	// last changed. Zero if absent or unparsable.
	RequestDate time.Time
	// StateDate is when the state last changed.
	StateDate time.Time
	// IncCurrLabel is the payment method's currency label.
	IncCurrLabel string
	// IncSum is the amount the buyer paid, in IncCurrLabel's currency.
	IncSum decimal.Decimal
	// IncAccount is the buyer's account, masked ("123456******0987").
	IncAccount string
	// PaymentMethod is the method's code, such as "BankCard".
	PaymentMethod string
	// PaymentMethodDescription is the method's name.
	PaymentMethodDescription string
	// OutCurrLabel is the shop's currency label.
	OutCurrLabel string
	// OutSum is the amount credited to the shop, in its currency; zero if
	// not reported.
	OutSum payments.Money
	// OpKey identifies the operation for the Refund API. It is also the
	// Token of a saved-card payment with the same card, so it is redacted
	// wherever the state is printed, logged or marshalled: keep it out of
	// your own logs too.
	OpKey string
	// BankCardRRN is the card payment's retrieval reference number.
	BankCardRRN string
	// UserFields are the Shp_ parameters Robokassa kept, by full name.
	UserFields map[string]string
}

type opStateXML struct {
	XMLName xml.Name  `xml:"OperationStateResponse"`
	Result  xmlResult `xml:"Result"`
	State   *struct {
		Code        string `xml:"Code"`
		RequestDate string `xml:"RequestDate"`
		StateDate   string `xml:"StateDate"`
	} `xml:"State"`
	Info *struct {
		IncCurrLabel  string `xml:"IncCurrLabel"`
		IncSum        string `xml:"IncSum"`
		IncAccount    string `xml:"IncAccount"`
		PaymentMethod struct {
			Code        string `xml:"Code"`
			Description string `xml:"Description"`
		} `xml:"PaymentMethod"`
		OutCurrLabel string `xml:"OutCurrLabel"`
		OutSum       string `xml:"OutSum"`
		OpKey        string `xml:"OpKey"`
		BankCardRRN  string `xml:"BankCardRRN"`
	} `xml:"Info"`
	UserField struct {
		Fields []struct {
			Name  string `xml:"Name"`
			Value string `xml:"Value"`
		} `xml:"Field"`
	} `xml:"UserField"`
}

func (r *opStateXML) result() xmlResult { return r.Result }

// OpState asks OpStateExt for the state of invoice invID, signing
// MerchantLogin:InvoiceID:Password2 (https://docs.robokassa.ru/xml-interfaces; robokassa/sdk-php
// src/Signature/SignatureService.php). Result codes map onto
// errors: 1 and 2 ErrUnauthorized, 3 ErrNotFound, 4 ErrDuplicate, 1000
// ErrUnavailable, with Robokassa's code and description kept.
func (p *Provider) OpState(ctx context.Context, invID int64) (*OperationState, error) {
	return p.opState(ctx, invID, payments.OpPaymentStatus)
}

func (p *Provider) opState(ctx context.Context, invID int64, op payments.Operation) (*OperationState, error) {
	if invID <= 0 {
		return nil, invalidf(op, "InvId must be positive, got %d", invID)
	}
	id := strconv.FormatInt(invID, 10)
	q := url.Values{
		"MerchantLogin": {p.cfg.MerchantLogin},
		"InvoiceID":     {id},
		"Signature":     {p.cfg.Algorithm.Sign(p.cfg.MerchantLogin + ":" + id + ":" + p.cfg.Password2.Reveal())},
	}
	var x opStateXML
	if err := p.getXML(ctx, "OpStateExt", q, providerkit.Read(op), &x); err != nil {
		return nil, err
	}
	return p.parseOpState(op, invID, &x)
}

// parseOpState checks and converts a successful OpStateExt response.
func (p *Provider) parseOpState(op payments.Operation, invID int64, x *opStateXML) (*OperationState, error) {
	if x.State == nil {
		return nil, newError(op, payments.ErrProtocol, "", "OpStateExt response has no State")
	}
	code, err := strconv.Atoi(x.State.Code)
	if err != nil {
		return nil, newError(op, payments.ErrProtocol, x.State.Code, "OpStateExt State.Code is not a number")
	}
	st := &OperationState{
		InvID:       invID,
		StateCode:   code,
		Status:      StateStatus(code),
		RequestDate: parseDate(x.State.RequestDate),
		StateDate:   parseDate(x.State.StateDate),
	}
	if in := x.Info; in != nil {
		st.IncCurrLabel = in.IncCurrLabel
		st.IncAccount = in.IncAccount
		st.PaymentMethod = in.PaymentMethod.Code
		st.PaymentMethodDescription = in.PaymentMethod.Description
		st.OutCurrLabel = in.OutCurrLabel
		st.OpKey = in.OpKey
		st.BankCardRRN = in.BankCardRRN
		if in.IncSum != "" {
			d, err := decimal.NewFromString(in.IncSum)
			if err != nil {
				return nil, newError(op, payments.ErrProtocol, "", "OpStateExt IncSum "+quote(in.IncSum)+" is not a number")
			}
			st.IncSum = d
		}
		if in.OutSum != "" {
			m, ok := parseAmount(in.OutSum, p.cfg.Currency)
			if !ok {
				return nil, newError(op, payments.ErrProtocol, "", "OpStateExt OutSum "+quote(in.OutSum)+" is not an amount in "+string(p.cfg.Currency))
			}
			st.OutSum = m
		}
	}
	for _, f := range x.UserField.Fields {
		if st.UserFields == nil {
			st.UserFields = make(map[string]string)
		}
		st.UserFields[f.Name] = f.Value
	}
	return st, nil
}

func parseDate(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Payment converts the state to the portable payment. Raw holds StateCode,
// StateDate, PaymentMethod, IncCurrLabel, IncSum, IncAccount, OutSum,
// BankCardRRN and the user fields by name, when present; HeldUntil is
// StateDate plus HoldPeriod for a held payment. It does not hold
// the OpKey, which is a saved-card token (see [OperationState.OpKey]).
func (st *OperationState) Payment() *payments.Payment {
	raw := make(map[string]string, 10+len(st.UserFields))
	for k, v := range st.UserFields { // first, so that Robokassa's own fields win
		raw[k] = v
	}
	raw["StateCode"] = strconv.Itoa(st.StateCode)
	set := func(k, v string) {
		if v != "" {
			raw[k] = v
		}
	}
	if !st.StateDate.IsZero() {
		raw["StateDate"] = st.StateDate.Format(time.RFC3339Nano)
	}
	set("PaymentMethod", st.PaymentMethod)
	set("IncCurrLabel", st.IncCurrLabel)
	if !st.IncSum.IsZero() {
		raw["IncSum"] = st.IncSum.String()
	}
	set("IncAccount", st.IncAccount)
	if !st.OutSum.IsZero() {
		raw["OutSum"] = st.OutSum.Format()
	}
	set("BankCardRRN", st.BankCardRRN)
	delete(raw, "OpKey") // not even a user field of that name
	pay := &payments.Payment{
		OrderID: strconv.FormatInt(st.InvID, 10),
		Status:  st.Status,
		Amount:  st.OutSum,
		Method:  st.PaymentMethod,
		Raw:     raw,
	}
	// A hold (state 20) is cancelled by Robokassa HoldPeriod after it was
	// made (https://docs.robokassa.ru/holding/); StateDate is when it was.
	if st.StateCode == StateHeld && !st.StateDate.IsZero() {
		pay.HeldUntil = st.StateDate.Add(HoldPeriod)
	}
	return pay
}

// PaymentStatus looks the payment up by its order id (InvId) through
// OpStateExt, which takes no other key
// (https://docs.robokassa.ru/xml-interfaces/). A query with only a
// PaymentID is refused with an error wrapping errors.ErrUnsupported.
func (p *Provider) PaymentStatus(ctx context.Context, q payments.PaymentQuery) (*payments.Payment, error) {
	if q.OrderID == "" && q.PaymentID != "" {
		return nil, errorf(payments.OpPaymentStatus, errors.ErrUnsupported, "Robokassa looks payments up by order id (InvId) only")
	}
	inv, err := parseInvID(payments.OpPaymentStatus, q.OrderID)
	if err != nil {
		return nil, err
	}
	st, err := p.OpState(ctx, inv)
	if err != nil {
		return nil, err
	}
	return st.Payment(), nil
}
