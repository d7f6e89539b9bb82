package sandbox

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
)

// RobokassaPayment is a snapshot of one invoice of the sandbox's Robokassa
// side, for tests and tools.
type RobokassaPayment struct {
	// InvID is the invoice number.
	InvID int64
	// State is the OpStateExt state code: robokassa.StateInitiated (5)
	// until the buyer acts, robokassa.StateCanceled (10) after Decline or
	// when a hold is cancelled (by Merchant/Payment/Cancel or after
	// RobokassaHoldPeriod), robokassa.StateHeld (20) for a paid StepByStep
	// payment until it is captured, robokassa.StatePaid (100) after Pay or
	// the capture, and robokassa.StateReturned (60) for a declined
	// recurring charge.
	State int
	// Amount is OutSum in the shop's currency (converted when the link gave
	// OutSumCurrency); after a partial capture, the amount captured.
	Amount payments.Money
	// Held is the amount a StepByStep payment held (zero for others), and
	// HeldUntil when the sandbox cancels the hold unless it is captured.
	Held payments.Money
	// HeldUntil is the end of the hold period (zero when never held).
	HeldUntil time.Time
	// Recurring reports a parent of recurring charges (Recurring=true).
	Recurring bool
	// Parent is the parent's InvId of a recurring charge, zero otherwise.
	Parent int64
	// ResultURL2 is the link's ResultUrl2, where the JWS notifications go.
	ResultURL2 string
	// Receipts are the fiscal receipts received for the payment: the first
	// (sent with the payment, or changed by its capture), then the second
	// (RoboFiscal/Receipt/Attach).
	Receipts []RobokassaReceipt
	// Description is the link's Description.
	Description string
	// Test reports a test payment (IsTest=1).
	Test bool
	// OpKey identifies the paid operation for the Refund API; empty until
	// paid.
	OpKey string
	// Refunded is the total refunded so far.
	Refunded payments.Money
	// Shp are the Shp_ parameters by name as sent (prefix included).
	Shp map[string]string
	// Delivered is how many ResultURL notifications the shop accepted
	// (answered "OK{InvId}"): 1 after a paid payment, 2 with the duplicate
	// trigger, 0 while the shop keeps refusing.
	Delivered int
	// Delivered2 is how many ResultUrl2 notifications the shop accepted
	// (answered 2xx): one for the hold, one for the payment or capture.
	Delivered2 int
	// Created is when the payment page first showed the invoice.
	Created time.Time
	// StateDate is when the state last changed.
	StateDate time.Time
}

// RobokassaState returns the OpStateExt state code of invoice invID (5, 10,
// 20 or 100) and whether the sandbox knows it.
func (s *Server) RobokassaState(invID int64) (state int, ok bool) {
	p, ok := s.RobokassaPayment(invID)
	return p.State, ok
}

// RobokassaPayment returns a snapshot of invoice invID and whether the
// sandbox knows it.
func (s *Server) RobokassaPayment(invID int64) (RobokassaPayment, bool) {
	rk := s.rk
	rk.mu.Lock()
	defer rk.mu.Unlock()
	rk.expireHolds()
	p, ok := rk.payments[invID]
	if !ok {
		return RobokassaPayment{}, false
	}
	out := RobokassaPayment{
		InvID: p.invID, State: p.state, Amount: rkRUB(p.outSum), Description: p.description,
		Test: p.isTest, OpKey: p.opKey, Refunded: rkRUB(p.refunded), Delivered: p.delivered,
		Created: p.created, StateDate: p.stateDate, Held: rkRUB(p.held), HeldUntil: p.heldUntil,
		Recurring: p.recurring, Parent: p.parent, ResultURL2: p.resultURL2, Delivered2: p.delivered2,
		Receipts: slices.Clone(p.receipts),
	}
	if len(p.shp) > 0 {
		out.Shp = make(map[string]string, len(p.shp))
		for _, f := range p.shp {
			out.Shp[f.name] = f.value
		}
	}
	return out, true
}

// RobokassaShop returns the sandbox's Robokassa shop with its defaults
// filled in. It holds the passwords; it prints redacted.
func (s *Server) RobokassaShop() RobokassaShop { return s.rk.shop }

// RobokassaConfig returns a robokassa.Config for the sandbox's shop whose
// AuthURL, ServicesURL and FiscalURL point at the sandbox (call it after
// Start or SetBaseURL), with TestPassword1 and TestPassword2 set, refunds
// signed with HS256, ResultURL2Certificates set to the certificate of the
// sandbox's ResultUrl2 key ([Server.RobokassaCertificate]) and Now set to
// the sandbox's clock (Options.Now), so that notifications verify however
// far a test moves that clock. Set HTTPClient before use.
func (s *Server) RobokassaConfig() robokassa.Config {
	sh := s.rk.shop
	return robokassa.Config{
		MerchantLogin:          sh.MerchantLogin,
		Password1:              payments.Secret(sh.Password1),
		Password2:              payments.Secret(sh.Password2),
		Password3:              payments.Secret(sh.Password3),
		TestPassword1:          payments.Secret(sh.TestPassword1),
		TestPassword2:          payments.Secret(sh.TestPassword2),
		Algorithm:              sh.Algorithm,
		AuthURL:                s.URL(),
		ServicesURL:            s.URL(),
		FiscalURL:              s.URL(),
		ResultURL2Certificates: s.RobokassaCertificate(),
		Now:                    s.opts.Now,
	}
}

// RobokassaPay pays invoice invID as a buyer pressing Pay on its page would,
// without a browser: the state changes, the ResultURL notification is sent
// (its first attempt before RobokassaPay returns, retries in the
// background) and the URL the buyer would be sent to is returned (empty
// when the shop has none, or when the redirect is a POST form). Triggers
// apply as on the page. It waits for the first attempt no longer than ctx
// allows. The error wraps payments.ErrNotFound for an unknown invoice and
// payments.ErrInvalidRequest for one that is not waiting for payment.
func (s *Server) RobokassaPay(ctx context.Context, invID int64) (redirect string, err error) {
	return s.rk.act(ctx, invID, true)
}

// RobokassaDecline declines invoice invID as a buyer pressing Decline
// would and returns the FailURL the buyer would be sent to; errors as for
// RobokassaPay.
func (s *Server) RobokassaDecline(ctx context.Context, invID int64) (redirect string, err error) {
	return s.rk.act(ctx, invID, false)
}

// act is RobokassaPay and RobokassaDecline.
func (rk *robokassaSide) act(ctx context.Context, invID int64, pay bool) (string, error) {
	rk.mu.Lock()
	p, ok := rk.payments[invID]
	if !ok {
		rk.mu.Unlock()
		return "", payments.Errorf(payments.ErrNotFound, "sandbox: robokassa invoice %d not found", invID)
	}
	st, ok := rk.settle(p, pay)
	if ok {
		rk.consumeTokens(p)
	}
	state := p.state
	rk.mu.Unlock()
	if !ok {
		return "", payments.Errorf(payments.ErrInvalidRequest, "sandbox: robokassa invoice %d is not waiting for payment (state %d)", invID, state)
	}
	out := rk.follow(ctx, st)
	if out.status == http.StatusSeeOther {
		return out.location, nil
	}
	return "", nil
}
