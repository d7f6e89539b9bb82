package sandbox

import (
	"net/http"
	"strconv"
)

// payment returns the payment the request's PaymentId names, writing the
// error answer (9 missing, 255 unknown) and returning nil otherwise. b.mu
// must be held.
func (b *tbankSide) payment(w http.ResponseWriter, req *tbRequest) *tbPayment {
	id := req.scalars["PaymentId"]
	if id == "" || len(id) > 20 {
		b.fail(w, "", tbInvalid("PaymentId"))
		return nil
	}
	p := b.lookup(id)
	if p == nil {
		b.fail(w, id, tbErrNotFound)
	}
	return p
}

// handleGetState serves /v2/GetState (https://www.tbank.ru/kassa/dev/payments/ /v2/GetState): the
// payment's Status, OrderId, its Init Amount and the Route/Source Params.
func (b *tbankSide) handleGetState(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "GetState")
	if req == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.payment(w, req)
	if p == nil {
		return
	}
	b.ok(w, map[string]any{
		"Status": b.state(p), "PaymentId": strconv.FormatInt(p.id, 10), "OrderId": p.order, "Amount": p.amount,
		"Params": []map[string]string{{"Key": "Route", "Value": "ACQ"}, {"Key": "Source", "Value": p.source()}},
	})
}

// handleCheckOrder serves /v2/CheckOrder (https://www.tbank.ru/kassa/dev/payments/ /v2/CheckOrder):
// every session of the OrderId, oldest first, each with its Status, a
// Success boolean and a numeric ErrorCode; 335 for an unknown order.
func (b *tbankSide) handleCheckOrder(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "CheckOrder")
	if req == nil {
		return
	}
	order := req.scalars["OrderId"]
	if order == "" {
		b.fail(w, "", tbInvalid("OrderId"))
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	sessions := b.orders[order]
	if len(sessions) == 0 {
		b.fail(w, "", tbErrNoOrder)
		return
	}
	list := make([]map[string]any, 0, len(sessions))
	for _, p := range sessions {
		st := b.state(p)
		code, _ := strconv.Atoi(p.errorCode)
		item := map[string]any{
			"PaymentId": strconv.FormatInt(p.id, 10), "Amount": p.amount, "Status": st,
			"Success": st != tbRejected && st != tbAuthFail, "ErrorCode": code,
		}
		if p.message != "" {
			item["Message"] = p.message
		}
		list = append(list, item)
	}
	b.ok(w, map[string]any{"OrderId": order, "Payments": list})
}

// handleConfirm serves /v2/Confirm (https://www.tbank.ru/kassa/dev/payments/ /v2/Confirm): captures
// an AUTHORIZED (or PARTIAL_REVERSED) payment in full or in part, at most
// the held amount (100 above it, 8 from another status), then notifies
// CONFIRMED.
func (b *tbankSide) handleConfirm(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "Confirm")
	if req == nil {
		return
	}
	b.mu.Lock()
	p := b.payment(w, req)
	if p == nil {
		b.mu.Unlock()
		return
	}
	id := strconv.FormatInt(p.id, 10)
	if st := b.state(p); st != tbAuthorized && st != tbPartialReversed {
		b.mu.Unlock()
		b.fail(w, id, tbErrState)
		return
	}
	amount, given, valid := req.kopecks("Amount")
	switch {
	case !valid:
		b.mu.Unlock()
		b.fail(w, id, tbInvalid("Amount"))
		return
	case !given:
		amount = p.held
	case amount > p.held:
		b.mu.Unlock()
		b.fail(w, id, tbErrAmount)
		return
	}
	trig := tbTrigger(amount)
	if trig == TriggerUnavailable {
		b.mu.Unlock()
		b.serverError(w, http.StatusServiceUnavailable, "Confirm", trig)
		return
	}
	p.status, p.errorCode, p.message = tbConfirmed, "0", ""
	p.held, p.paid = 0, amount
	n := b.notification(p, amount)
	answer := map[string]any{"Status": tbConfirmed, "PaymentId": id, "OrderId": p.order}
	b.mu.Unlock()
	b.s.logf("tbank Confirm payment %s: %d kopecks captured", id, amount)
	b.send(r.Context(), n, false)
	if trig == TriggerOutcomeUnknown {
		b.serverError(w, http.StatusInternalServerError, "Confirm", trig)
		return
	}
	b.ok(w, answer)
}

// handleCharge serves /v2/Charge (https://www.tbank.ru/kassa/dev/payments/ /v2/Charge): pays a new
// session (from a plain Init) with a recurrent parent's RebillId, at once:
// CONFIRMED (AUTHORIZED for PayType T), or REJECTED under triggers 13.13
// (ErrorCode 1051) and 66.60 (1005). 502 for an unknown RebillId, 8 for a
// session that is not new.
func (b *tbankSide) handleCharge(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "Charge")
	if req == nil {
		return
	}
	rebill := req.scalars["RebillId"]
	if rebill == "" {
		b.fail(w, "", tbInvalid("RebillId"))
		return
	}
	b.mu.Lock()
	p := b.payment(w, req)
	if p == nil {
		b.mu.Unlock()
		return
	}
	id := strconv.FormatInt(p.id, 10)
	parent := b.rebills[rebill]
	switch {
	case parent == nil:
		b.mu.Unlock()
		b.fail(w, id, tbErrNoRebill)
		return
	case b.state(p) != tbNew:
		b.mu.Unlock()
		b.fail(w, id, tbErrState)
		return
	}
	p.chargedBy, p.card, p.cardID = rebill, parent.card, parent.cardID
	switch p.trigger {
	case TriggerDecline:
		p.status, p.errorCode, p.message = tbRejected, "1051", "Недостаточно средств на карте"
	case TriggerChargeDecline:
		p.status, p.errorCode, p.message = tbRejected, "1005", "Операция отклонена банком-эмитентом"
	default:
		b.authorize(p)
	}
	n := b.notification(p, p.amount)
	status, code, msg := p.status, p.errorCode, p.message
	b.mu.Unlock()
	b.s.logf("tbank Charge payment %s: %s", id, status)
	b.send(r.Context(), n, false)
	if p.trigger == TriggerOutcomeUnknown {
		b.serverError(w, http.StatusInternalServerError, "Charge", p.trigger)
		return
	}
	if status == tbRejected {
		tbJSON(w, http.StatusOK, map[string]any{
			"Success": false, "ErrorCode": code, "Message": msg, "Status": status,
			"PaymentId": id, "OrderId": p.order, "Amount": p.amount, "TerminalKey": b.t.TerminalKey,
		})
		return
	}
	b.ok(w, map[string]any{"Status": status, "PaymentId": id, "OrderId": p.order, "Amount": p.amount})
}

// authorize takes p's money: AUTHORIZED (held) for two-stage, CONFIRMED
// otherwise; a recurrent parent gets its RebillId. b.mu must be held.
func (b *tbankSide) authorize(p *tbPayment) {
	p.errorCode, p.message = "0", ""
	if p.twoStage {
		p.status, p.held = tbAuthorized, p.amount
	} else {
		p.status, p.paid = tbConfirmed, p.amount
	}
	if p.recurrent && p.rebillID == "" {
		b.nextReb++
		p.rebillID = strconv.FormatInt(b.nextReb, 10)
		b.rebills[p.rebillID] = p
	}
}
