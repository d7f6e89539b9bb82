package robokassa

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// ChargeAdvice is the Advice of an error wrapping ErrOutcomeUnknown from
// Charge: Robokassa may have accepted the child charge, which it reports
// under the child's own InvoiceID.
const ChargeAdvice = "Robokassa may have accepted this recurring charge. Look it up by the charge's own order id " +
	"(ChargeRequest.OrderID, the child InvoiceID) with PaymentStatus (Robokassa's OpStateExt), and wait for the " +
	"ResultURL notification of that InvoiceID: Robokassa reports a child charge like any payment. An operation " +
	"not found means it was not made. Never charge again under a new order id before that lookup answers."

// Charge makes a merchant-initiated child charge of a recurring parent
// (payments.Charger) through Merchant/Recurring
// (https://docs.robokassa.ru/recurring/).
//
// It first reads the parent (req.ParentOrderID, the InvId of the first
// paid payment, never of an earlier child) through OpStateExt, a read: an
// unknown parent is ErrNotFound and a parent that is not paid (state 100)
// ErrInvalidState, before anything is sent. Whether the parent was started
// with Recurring cannot be read back; Robokassa refuses the child then.
//
// The request is MerchantLogin, OutSum, InvoiceID (req.OrderID: a new,
// unique InvId), PreviousInvoiceID (the parent's InvId, not signed),
// optional Description and Receipt, the Shp_ parameters of req.Metadata,
// and SignatureValue = H(MerchantLogin:OutSum:InvoiceID[:Receipt]:
// Password1[:Shp_name=value…]) (robokassa/sdk-php, its recurring test).
//
// Robokassa answers OK<InvoiceID> when it accepted the charge; the charge
// is then returned with status pending, as "accepted" is not "charged":
// the result arrives on ResultURL for the child's InvoiceID, and
// PaymentStatus by req.OrderID reports it. Any other answer is a refusal,
// an error wrapping ErrDeclined whose Message is Robokassa's text.
//
// Open question: Robokassa's refusal texts are
// not published (robokassa/sdk-php's test uses "Recurring error"), nor
// whether a failed child is notified. The choice made: any plain-text
// answer other than OK<InvoiceID> is ErrDeclined with the text kept, so the
// app can read it; an answer that is HTML (a proxy's error page), holds control
// bytes or invalid UTF-8 (garbage, not text) or is OK with
// another InvoiceID is not understood and, since the charge may have been
// accepted, is ErrOutcomeUnknown with ChargeAdvice. In test mode Charge
// returns an error wrapping errors.ErrUnsupported.
func (p *Provider) Charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	pay, err := p.charge(ctx, req)
	return pay, withAdvice(err, payments.OpCharge, ChargeAdvice)
}

func (p *Provider) charge(ctx context.Context, req *payments.ChargeRequest) (*payments.Payment, error) {
	const op = payments.OpCharge
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	parent, err := parseInvID(op, req.ParentOrderID)
	if err != nil {
		return nil, err
	}
	if inv == parent {
		return nil, invalidf(op, "a charge needs a new order id, not the parent's %s", req.ParentOrderID)
	}
	if p.cfg.TestMode {
		return nil, errTestMode(op, "recurring charges")
	}
	if req.Amount.Currency != p.cfg.Currency {
		return nil, invalidf(op, "charge in %s; the shop's currency is %s", req.Amount.Currency, p.cfg.Currency)
	}
	outSum, ok := appendOutSum(nil, req.Amount.Amount)
	if !ok {
		return nil, invalidf(op, "amount must be positive with at most two decimals")
	}
	if hasControl(req.Description) || len([]rune(req.Description)) > MaxDescription {
		return nil, invalidf(op, "description must be printable text of at most %d characters", MaxDescription)
	}
	var receiptField string
	if req.Receipt != nil {
		r := receiptFromCore(req.Receipt)
		if err := r.Validate(); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
		if !r.Total().Equal(req.Amount.Amount) {
			return nil, invalidf(op, "receipt items add up to %s, the charge is %s", r.Total().String(), string(outSum))
		}
		if receiptField, err = p.receiptField(r); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
	}
	var shp []shpPair
	for k, v := range req.Metadata {
		if err := checkShp(k, v); err != nil {
			return nil, providerkit.Stamp(Name, op, err)
		}
		shp = insertShp(shp, shpPair{k, v})
	}
	for i := range shp {
		for _, other := range shp[i+1:] {
			if strings.EqualFold(shp[i].name, other.name) {
				return nil, invalidf(op, "metadata names %q and %q differ only in case", shp[i].name, other.name)
			}
		}
	}

	// The parent must be a paid payment; a fault of this read is
	// ErrUnavailable, and nothing was charged.
	st, err := p.opState(ctx, parent, op)
	if err != nil {
		return nil, err
	}
	if st.StateCode != StatePaid {
		return nil, newError(op, payments.ErrInvalidState, strconv.Itoa(st.StateCode),
			"parent order "+req.ParentOrderID+" is not paid: OpStateExt reports state "+strconv.Itoa(st.StateCode)+
				" ("+string(st.Status)+")")
	}

	id := strconv.FormatInt(inv, 10)
	body := p.recurringBody(string(outSum), id, req.ParentOrderID, req.Description, receiptField, shp)
	ex := providerkit.Moving(op)
	resp, err := p.postForm(ctx, pathRecurring, body, ex)
	if err != nil {
		return nil, err
	}
	if err := statusError(ex, resp.StatusCode, replyText(resp.Body)); err != nil {
		return nil, err
	}
	got, ok := parseRecurringReply(resp.Body)
	text := replyText(resp.Body)
	switch {
	case ok && got == inv:
	case ok, strings.HasPrefix(text, "<"), text == "", hasControl(strings.TrimSpace(string(resp.Body))):
		// A body with control bytes or invalid UTF-8 is no refusal text
		// but garbage: the charge may have been accepted.
		return nil, protocolError(ex, errors.New("unexpected Recurring answer "+quote(text)))
	default:
		return nil, newError(op, payments.ErrDeclined, "", text)
	}
	return &payments.Payment{
		OrderID: req.OrderID,
		Status:  payments.StatusPending,
		Amount:  req.Amount,
		Raw:     map[string]string{"InvId": id, "PreviousInvoiceID": req.ParentOrderID},
	}, nil
}

// recurringBody returns the form of a Merchant/Recurring request, its
// fields in the order of robokassa/sdk-php's wire body (its recurring
// test): OutSum, InvoiceID, PreviousInvoiceID, Description, Receipt,
// Shp_…, MerchantLogin, SignatureValue. PreviousInvoiceID is not signed.
func (p *Provider) recurringBody(outSum, invID, previous, description, receipt string, shp []shpPair) string {
	sig := p.sign1(recurringBase(p.cfg.MerchantLogin, outSum, invID, receipt, p.cfg.Password1.Reveal(), shp))
	var f formBody
	f.add("OutSum", outSum)
	f.add("InvoiceID", invID)
	f.add("PreviousInvoiceID", previous)
	f.opt("Description", description)
	f.opt("Receipt", receipt)
	for _, kv := range shp {
		f.add("Shp_"+kv.name, kv.value)
	}
	f.add("MerchantLogin", p.cfg.MerchantLogin)
	f.add("SignatureValue", sig)
	return f.String()
}

// recurringBase is the base string of a child charge:
// MerchantLogin:OutSum:InvoiceID[:Receipt]:Password1[:Shp_name=value…],
// without PreviousInvoiceID (https://docs.robokassa.ru/recurring/;
// robokassa/sdk-php's recurring test asserts that the base with it is not
// produced).
func recurringBase(login, outSum, invID, receipt, password string, shp []shpPair) string {
	b := confirmBase(login, outSum, invID, receipt, password)
	return string(appendShp([]byte(b), "Shp_", shp))
}
