package paymentstest

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"

	"github.com/paykit/payments"
)

// maxRequestBytes limits the request bodies the API reads.
const maxRequestBytes = 1 << 20

// Handler returns the fake's JSON API over the same state as its in-process
// methods, for [HTTPProvider] and for recording conformance fixtures. Every
// request must carry "Authorization: Bearer <Options.APIKey>"; otherwise
// the reply is 401. The endpoints:
//
//	POST /v1/payments              InitPayment (JSON body, card data only here)
//	GET  /v1/payments/{order_id}   PaymentStatus by order id
//	GET  /v1/payments?id=pay_1     PaymentStatus by payment id
//	POST /v1/refunds               Refund (no amount refunds what remains; "reference" is an idempotency key)
//	GET  /v1/refunds/{id}          RefundStatus by refund id (?order_id= must match if given)
//	GET  /v1/refunds?order_id=1002&reference=r-1   RefundStatus by reference
//	GET  /v1/balance?currency=RUB  Balance
//	POST /v1/payouts               Withdraw
//	GET  /v1/payouts/{id}          WithdrawalStatus by payout id
//	GET  /v1/payouts?order_id=     WithdrawalStatus by order id
//	POST /v1/payments/{order_id}/capture  Capture (no amount captures all that is held)
//	POST /v1/payments/{order_id}/cancel   Cancel
//	POST /v1/charges               Charge
//	POST /v1/receipts              SendReceipt
//	GET  /v1/receipts/{receipt_id} ReceiptStatus (?order_id= must match if given)
//
// Amounts are decimal strings with a currency code:
//
//	{"order_id":"1001","id":"pay_1","status":"pending","amount":"10.00","currency":"RUB",
//	 "next_step":{"kind":"redirect","url":"https://pay.fake.invalid/pay/pay_1"}}
//
// Errors are {"error":{"code":"insufficient_funds","message":"..."}} with an
// optional "reason" (the specific code, such as "not_paid") and "fields".
// The codes and statuses: invalid_request, invalid_signature and
// unsupported 400; unauthorized 401; insufficient_funds and declined 402;
// not_found 404; duplicate and invalid_state 409; amount_mismatch 422; rate_limited 429;
// unavailable 503; anything else "internal" 500. Failures queued with
// FailNext are sent the same way. Nothing is logged.
func (f *Fake) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/payments", f.serveInitPayment)
	mux.HandleFunc("GET /v1/payments", f.servePaymentStatus)
	mux.HandleFunc("GET /v1/payments/{order_id}", f.servePaymentStatus)
	mux.HandleFunc("POST /v1/refunds", f.serveRefund)
	mux.HandleFunc("GET /v1/refunds", f.serveRefundStatus)
	mux.HandleFunc("GET /v1/refunds/{id}", f.serveRefundStatus)
	mux.HandleFunc("GET /v1/balance", f.serveBalance)
	mux.HandleFunc("POST /v1/payouts", f.serveWithdraw)
	mux.HandleFunc("GET /v1/payouts", f.serveWithdrawalStatus)
	mux.HandleFunc("GET /v1/payouts/{id}", f.serveWithdrawalStatus)
	mux.HandleFunc("POST /v1/payments/{order_id}/capture", f.serveCapture)
	mux.HandleFunc("POST /v1/payments/{order_id}/cancel", f.serveCancel)
	mux.HandleFunc("POST /v1/charges", f.serveCharge)
	mux.HandleFunc("POST /v1/receipts", f.serveSendReceipt)
	mux.HandleFunc("GET /v1/receipts/{receipt_id}", f.serveReceiptStatus)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, payments.NewError(payments.ErrNotFound, "not_found", "no endpoint "+r.Method+" "+r.URL.Path))
	})
	want := []byte("Bearer " + f.opts.APIKey.Reveal())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			writeError(w, payments.NewError(payments.ErrUnauthorized, "unauthorized", "missing or wrong API key"))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (f *Fake) serveInitPayment(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiInitRequest{})
	if !ok {
		return
	}
	p, err := f.InitPayment(r.Context(), req)
	reply(w, http.StatusCreated, p, err, fromPayment)
}

func (f *Fake) servePaymentStatus(w http.ResponseWriter, r *http.Request) {
	q := payments.PaymentQuery{OrderID: r.PathValue("order_id"), PaymentID: r.URL.Query().Get("id")}
	if q.OrderID == "" && q.PaymentID == "" {
		invalidRequest(w, "give an order id or id")
		return
	}
	p, err := f.PaymentStatus(r.Context(), q)
	reply(w, http.StatusOK, p, err, fromPayment)
}

func (f *Fake) serveRefund(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiRefundRequest{})
	if !ok {
		return
	}
	ref, err := f.Refund(r.Context(), req)
	reply(w, http.StatusCreated, ref, err, fromRefund)
}

func (f *Fake) serveRefundStatus(w http.ResponseWriter, r *http.Request) {
	q := payments.RefundQuery{RefundID: r.PathValue("id"), OrderID: r.URL.Query().Get("order_id"), Reference: r.URL.Query().Get("reference")}
	if q.RefundID == "" && (q.OrderID == "" || q.Reference == "") {
		invalidRequest(w, "give a refund id, or order_id and reference")
		return
	}
	ref, err := f.RefundStatus(r.Context(), q)
	reply(w, http.StatusOK, ref, err, fromRefund)
}

func (f *Fake) serveBalance(w http.ResponseWriter, r *http.Request) {
	b, err := f.Balance(r.Context(), payments.BalanceQuery{Currency: payments.Currency(r.URL.Query().Get("currency"))})
	reply(w, http.StatusOK, b, err, fromBalance)
}

func (f *Fake) serveWithdraw(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiPayoutRequest{})
	if !ok {
		return
	}
	wd, err := f.Withdraw(r.Context(), req)
	reply(w, http.StatusCreated, wd, err, fromPayout)
}

func (f *Fake) serveWithdrawalStatus(w http.ResponseWriter, r *http.Request) {
	q := payments.WithdrawalQuery{ID: r.PathValue("id"), OrderID: r.URL.Query().Get("order_id")}
	if q.ID == "" && q.OrderID == "" {
		invalidRequest(w, "give a payout id or order_id")
		return
	}
	wd, err := f.WithdrawalStatus(r.Context(), q)
	reply(w, http.StatusOK, wd, err, fromPayout)
}

func (f *Fake) serveCapture(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiCaptureRequest{})
	if !ok {
		return
	}
	req.OrderID = r.PathValue("order_id")
	p, err := f.Capture(r.Context(), req)
	reply(w, http.StatusOK, p, err, fromPayment)
}

func (f *Fake) serveCancel(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiCancelRequest{})
	if !ok {
		return
	}
	req.OrderID = r.PathValue("order_id")
	p, err := f.Cancel(r.Context(), req)
	reply(w, http.StatusOK, p, err, fromPayment)
}

func (f *Fake) serveCharge(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiChargeRequest{})
	if !ok {
		return
	}
	p, err := f.Charge(r.Context(), req)
	reply(w, http.StatusCreated, p, err, fromPayment)
}

func (f *Fake) serveSendReceipt(w http.ResponseWriter, r *http.Request) {
	req, ok := readRequest(w, r, &apiReceiptRequest{})
	if !ok {
		return
	}
	rc, err := f.SendReceipt(r.Context(), req)
	reply(w, http.StatusCreated, rc, err, fromFiscal)
}

func (f *Fake) serveReceiptStatus(w http.ResponseWriter, r *http.Request) {
	q := payments.ReceiptQuery{ReceiptID: r.PathValue("receipt_id"), OrderID: r.URL.Query().Get("order_id")}
	rc, err := f.ReceiptStatus(r.Context(), q)
	reply(w, http.StatusOK, rc, err, fromFiscal)
}

// readRequest decodes a JSON request body of at most maxRequestBytes into
// body, ignoring unknown keys, and parses it into the operation's request.
// It replies 400 and returns false when it cannot.
func readRequest[R any](w http.ResponseWriter, r *http.Request, body interface{ request() (R, error) }) (R, bool) {
	var zero R
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err == nil {
		err = json.Unmarshal(b, body)
	}
	if err != nil {
		invalidRequest(w, "malformed JSON body: "+err.Error())
		return zero, false
	}
	req, err := body.request()
	if err != nil {
		invalidRequest(w, err.Error())
		return zero, false
	}
	return req, true
}

// invalidRequest replies 400 invalid_request with message.
func invalidRequest(w http.ResponseWriter, message string) {
	writeError(w, payments.NewError(payments.ErrInvalidRequest, "invalid_request", message))
}

// reply writes the API shape of v with status, or the error reply of err.
func reply[T, A any](w http.ResponseWriter, status int, v *T, err error, conv func(*T) A) {
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, status, conv(v))
}

func writeError(w http.ResponseWriter, err error) {
	status, body := errorReply(err)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"encoding the reply failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
