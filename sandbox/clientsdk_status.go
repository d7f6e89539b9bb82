package sandbox

import (
	"net/http"
	"strconv"

	"github.com/paykit/payments"
)

// handleStatus serves GET /status (github.com/Space-Around/client-payment-sdk-python): merchant_id,
// product_id and order, signed. The answer has the SDK's keys (status,
// payment_status, refund_status, last_payment_error_code,
// last_payment_error) plus invoice_id, order, amount, customer_fee and
// currency, which the clientsdk provider reads to confirm the amount. An
// unknown order is {"status":"error","field_errors":{"order":["Order does
// not exist"]}} (the PHP SDK's test, github.com/creater777/sbank).
func (c *clientsdkSide) handleStatus(w http.ResponseWriter, r *http.Request) {
	req, ok := c.readRequest(w, r, "/status")
	if !ok {
		return
	}
	errs := req.missing("order", "product_id")
	if v := req["product_id"]; v != "" && v != c.m.ProductID {
		errs["product_id"] = []string{"Product does not exist"}
	}
	if len(errs) > 0 {
		csFieldErrors(w, errs)
		return
	}
	c.mu.Lock()
	p := c.payments[req["order"]]
	if p == nil {
		c.mu.Unlock()
		csFieldErrors(w, map[string][]string{"order": {"Order does not exist"}})
		return
	}
	answer := map[string]any{
		"status":                  "success",
		"payment_status":          c.paymentStatus(p),
		"refund_status":           "",
		"last_payment_error_code": p.errorCode,
		"last_payment_error":      p.errorText,
		"invoice_id":              p.invoiceID,
		"order":                   p.order,
		"amount":                  p.amount.StringFixed(4),
		"customer_fee":            "0.0000",
		"currency":                "RUB",
	}
	c.mu.Unlock()
	csJSON(w, http.StatusOK, answer)
}

// handleBalance serves GET /balance (github.com/Space-Around/client-payment-sdk-python): merchant_id and
// optionally currency (default RUB), signed. The answer is
// {"status":"success","balance":"1500.0000"}: paid payments minus payouts
// that did not fail, in that currency.
func (c *clientsdkSide) handleBalance(w http.ResponseWriter, r *http.Request) {
	req, ok := c.readRequest(w, r, "/balance")
	if !ok {
		return
	}
	cur := req["currency"]
	if cur == "" {
		cur = "RUB"
	}
	if !payments.Currency(cur).Valid() {
		csFieldErrors(w, map[string][]string{"currency": {"Unknown currency " + strconv.Quote(cur)}})
		return
	}
	c.mu.Lock()
	balance := c.balance(cur)
	c.mu.Unlock()
	csJSON(w, http.StatusOK, map[string]any{"status": "success", "balance": balance.StringFixed(4)})
}
