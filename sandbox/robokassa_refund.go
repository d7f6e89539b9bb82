package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// rkRefundMethods are the Refund API's JWT algorithms (https://docs.robokassa.ru/ru/refund-api).
var rkRefundMethods = []string{"HS256", "HS384", "HS512"}

// rkRefundAnswer is Refund/Create's answer (https://docs.robokassa.ru/ru/refund-api).
type rkRefundAnswer struct {
	Success   bool    `json:"success"`
	Message   *string `json:"message"`
	RequestID *string `json:"requestId"`
}

func rkRefundRefused(w http.ResponseWriter, message string) {
	rkWriteJSON(w, http.StatusOK, rkRefundAnswer{Message: &message})
}

// refundCreate serves Refund/Create: a JWT signed with Password3 (HS256,
// HS384 or HS512) whose payload names the paid operation by OpKey and, for
// a partial refund, RefundSum. Without RefundSum it refunds what is left of
// the payment (a full refund, or the rest after partial ones), as
// Robokassa's official OpenCart module relies on; like Robokassa's, the
// answer does not say how much, Refund/GetState does. Refunds finish at
// once. The payment's OpStateExt state stays 100: it says nothing of
// refunds.
//
// Answers: OperationNotFound for an unknown OpKey, AlreadyRefunded when
// nothing is left to refund (whatever RefundSum says), NotEnoughOperationFunds
// for more than is left or for trigger 99.99; trigger 42.42 (as RefundSum,
// or as what is left) is a 503 before anything happens and trigger 66.66
// records the refund, then answers 500.
func (rk *robokassaSide) refundCreate(w http.ResponseWriter, r *http.Request) {
	tok, err := rkReadJWT(r)
	if err != nil {
		rkBadRequest(w, "the body is not a JWT")
		return
	}
	payload, err := rkVerifyJWT(tok, rkRefundMethods, "", []byte(rk.shop.Password3))
	if err != nil {
		rk.s.logf("robokassa: Refund/Create: JWT refused")
		rkUnauthorized(w)
		return
	}
	var req struct {
		OpKey        string            `json:"OpKey"`
		RefundSum    *decimal.Decimal  `json:"RefundSum"`
		InvoiceItems []json.RawMessage `json:"InvoiceItems"`
	}
	if err := json.Unmarshal(payload, &req); err != nil || req.OpKey == "" {
		rkBadRequest(w, "the payload needs OpKey")
		return
	}
	if req.RefundSum != nil && (!req.RefundSum.IsPositive() || !req.RefundSum.Equal(req.RefundSum.Truncate(2))) {
		rkBadRequest(w, "RefundSum must be positive, in kopecks")
		return
	}
	if req.RefundSum != nil && trigger(*req.RefundSum) == TriggerUnavailable {
		http.Error(w, "sandbox: trigger "+TriggerUnavailable, http.StatusServiceUnavailable)
		return
	}

	rk.mu.Lock()
	inv, ok := rk.opKeys[req.OpKey]
	p := rk.payments[inv]
	if !ok || p == nil || p.state != robokassa.StatePaid {
		rk.mu.Unlock()
		rkRefundRefused(w, "OperationNotFound")
		return
	}
	left := p.outSum.Sub(p.refunded)
	amount := left
	if req.RefundSum != nil {
		amount = *req.RefundSum
	}
	t := trigger(amount)
	var refusal string
	switch {
	case t == TriggerUnavailable:
		rk.mu.Unlock()
		http.Error(w, "sandbox: trigger "+TriggerUnavailable, http.StatusServiceUnavailable)
		return
	case !left.IsPositive():
		refusal = "AlreadyRefunded"
	case t == TriggerInsufficientFunds || amount.GreaterThan(left):
		refusal = "NotEnoughOperationFunds"
	}
	if refusal != "" {
		rk.mu.Unlock()
		rk.s.logf("robokassa: refund of InvId %d refused: %s", inv, refusal)
		rkRefundRefused(w, refusal)
		return
	}
	ref := &rkRefund{id: rkGUID(), invID: inv, amount: amount, label: "finished"}
	rk.refunds[ref.id] = ref
	p.refunded = p.refunded.Add(amount)
	rk.mu.Unlock()
	rk.s.logf("robokassa: refund %s of InvId %d: %s RUB", ref.id, inv, amount.StringFixed(2))
	if t == TriggerOutcomeUnknown {
		http.Error(w, "sandbox: trigger "+TriggerOutcomeUnknown+": the refund was made", http.StatusInternalServerError)
		return
	}
	rkWriteJSON(w, http.StatusOK, rkRefundAnswer{Success: true, RequestID: &ref.id})
}

// refundGetState serves Refund/GetState?id= (no authentication):
// {"requestId","amount","label"} or {"message":"Id is invalid or request
// id does not exist"} (https://docs.robokassa.ru/ru/refund-api).
func (rk *robokassaSide) refundGetState(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	rk.mu.Lock()
	ref, ok := rk.refunds[id]
	var out any
	if ok {
		out = struct {
			RequestID string      `json:"requestId"`
			Amount    json.Number `json:"amount"`
			Label     string      `json:"label"`
		}{ref.id, json.Number(ref.amount.StringFixed(6)), ref.label}
	}
	rk.mu.Unlock()
	if !ok {
		rkWriteJSON(w, http.StatusOK, map[string]string{"message": "Id is invalid or request id does not exist"})
		return
	}
	rkWriteJSON(w, http.StatusOK, out)
}
