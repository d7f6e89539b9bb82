package sandbox

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shopspring/decimal"
)

// The T-Bank side's SBP (Система быстрых платежей) by QR code, as
// documented under the tag «СБП» and the paths /v2/GetQr and /v2/SbpPayTest
// of https://www.tbank.ru/kassa/dev/payments/: after Init, GetQr issues
// the QR code of the payment; its PAYLOAD is a link that, in the real
// world, is https://qr.nspk.ru/… and opens the buyer's bank app. Here it
// points at a sandbox page that plays the bank app, with Pay and Reject.
// SbpPayTest plays the same outcomes from the API, as on a DEMO terminal.
// Statuses: NEW → FORM_SHOWED (the QR was issued) → CONFIRMED or REJECTED,
// notified as card payments are, or DEADLINE_EXPIRED, which is not
// notified.

// tbSBPPath is the bank app's page: GET shows it, POST is Pay or Reject.
const tbSBPPath = "/tbank/sbp/"

// SBP limits of the sandbox (tag «СБП»: from 10 RUB; 1 000 000 RUB by
// default, error 3016).
const (
	tbSBPMin = 1000
	tbSBPMax = 100_000_000
)

// SBP answers of the sandbox. T-Bank documents 3016 for the amount limit;
// the code of a rejection in the bank app is not documented, so the
// sandbox answers 1005 as for a declined card.
var (
	tbErrSBPTwoStage = tbError{"9", "Неверные параметры.", "СБП: только одностадийная оплата (PayType O)."}
	tbErrSBPMin      = tbError{"251", "Неверная сумма.", "СБП: сумма не меньше 10 рублей."}
	tbErrSBPMax      = tbError{"3016", "Превышена максимальная сумма платежа СБП.", ""}
	tbErrSBPNoQR     = tbError{"8", "Неверный статус транзакции.", "QR-код не выдан: сначала GetQr."}
	tbErrSBPBoth     = tbError{"9", "Неверные параметры.", "IsDeadlineExpired и IsRejected не могут быть true одновременно."}
)

func (b *tbankSide) sbpRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+TBankAPIPath+"/GetQr", b.handleGetQr)
	mux.HandleFunc("POST "+TBankAPIPath+"/SbpPayTest", b.handleSbpPayTest)
	mux.HandleFunc("GET "+tbSBPPath+"{key}", b.handleSBPPage)
	mux.HandleFunc("POST "+tbSBPPath+"{key}", b.handleSBPAction)
}

// source is the payment's Source in GetState's Params: qrsbp once a QR
// was issued, cards otherwise. b.mu must be held.
func (p *tbPayment) source() string {
	if p.sbp {
		return "qrsbp"
	}
	return "cards"
}

// handleGetQr serves /v2/GetQr: the QR code of a one-stage payment of
// 10 RUB to 1 000 000 RUB that waits for the buyer. DataType PAYLOAD (the
// default) answers the link to the bank app's page, IMAGE an SVG image
// of that link (not a scannable code). The payment moves to FORM_SHOWED.
// PaymentId is a number in the answer, as documented.
func (b *tbankSide) handleGetQr(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "GetQr")
	if req == nil {
		return
	}
	dataType := req.scalars["DataType"]
	if dataType != "" && dataType != "PAYLOAD" && dataType != "IMAGE" {
		b.fail(w, "", tbInvalid("DataType"))
		return
	}
	base := b.s.baseURL(r)
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.payment(w, req)
	if p == nil {
		return
	}
	id := strconv.FormatInt(p.id, 10)
	var bad *tbError
	switch st := b.state(p); {
	case st != tbNew && st != tbFormShowed:
		bad = &tbErrState
	case p.twoStage:
		bad = &tbErrSBPTwoStage
	case p.amount < tbSBPMin:
		bad = &tbErrSBPMin
	case p.amount > tbSBPMax:
		bad = &tbErrSBPMax
	}
	if bad != nil {
		b.fail(w, id, *bad)
		return
	}
	p.sbp, p.status = true, tbFormShowed
	data := base + tbSBPPath + p.key
	if dataType == "IMAGE" {
		data = tbQRImage(data)
	}
	b.s.logf("tbank GetQr payment %s: %s", id, map[bool]string{true: "IMAGE", false: "PAYLOAD"}[dataType == "IMAGE"])
	b.ok(w, map[string]any{"OrderId": p.order, "PaymentId": json.Number(id), "Data": data})
}

// tbQRImage is the sandbox's stand-in for GetQr's SVG: the link as text.
func tbQRImage(link string) string {
	e := template.HTMLEscapeString(link)
	return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="40"><a href="` + e + `"><text x="4" y="24" font-size="10">` + e + `</text></a></svg>`
}

// tbSBPOutcome is how the buyer's bank settles an SBP payment.
type tbSBPOutcome int

const (
	tbSBPPaid tbSBPOutcome = iota
	tbSBPRejected
	tbSBPExpired
)

// handleSbpPayTest serves /v2/SbpPayTest: with neither flag the payment
// is paid (CONFIRMED), with IsRejected REJECTED, with IsDeadlineExpired
// DEADLINE_EXPIRED; both true is refused. The payment must have a QR code
// and wait for the buyer. The notification goes out in the background.
func (b *tbankSide) handleSbpPayTest(w http.ResponseWriter, r *http.Request) {
	req := b.readRequest(w, r, "SbpPayTest")
	if req == nil {
		return
	}
	flag := func(k string) (bool, bool) {
		switch req.scalars[k] {
		case "", "false":
			return false, true
		case "true":
			return true, true
		}
		return false, false
	}
	expired, ok1 := flag("IsDeadlineExpired")
	rejected, ok2 := flag("IsRejected")
	switch {
	case !ok1:
		b.fail(w, "", tbInvalid("IsDeadlineExpired"))
		return
	case !ok2:
		b.fail(w, "", tbInvalid("IsRejected"))
		return
	case expired && rejected:
		b.fail(w, "", tbErrSBPBoth)
		return
	}
	outcome := tbSBPPaid
	if rejected {
		outcome = tbSBPRejected
	} else if expired {
		outcome = tbSBPExpired
	}
	b.mu.Lock()
	p := b.payment(w, req)
	b.mu.Unlock()
	if p == nil {
		return
	}
	n, err := b.settleSBP(p, "", outcome)
	if err != nil {
		e := tbErrSBPNoQR
		if errors.Is(err, errTBDecided) {
			e = tbErrState
		}
		b.fail(w, strconv.FormatInt(p.id, 10), e)
		return
	}
	b.send(r.Context(), n, false)
	b.ok(w, map[string]any{})
}

var errTBNoQR = errors.New("sandbox: no SBP QR code was issued for this tbank payment")

// settleSBP settles the SBP payment p as outcome says and returns its
// notification (nil for none). token, unless empty, must be the bank
// app page's one-time token.
func (b *tbankSide) settleSBP(p *tbPayment, token string, outcome tbSBPOutcome) (*tbNotification, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch st := b.state(p); {
	case !p.sbp:
		return nil, errTBNoQR
	case st != tbNew && st != tbFormShowed:
		return nil, errTBDecided
	case token != "" && !tbTokenOK(p, token):
		return nil, errTBToken
	}
	if token != "" {
		p.tokenUsed = true
	}
	switch outcome {
	case tbSBPPaid:
		b.authorize(p)
	case tbSBPRejected:
		p.status, p.errorCode, p.message = tbRejected, "1005", "Покупатель отклонил оплату в приложении банка"
	case tbSBPExpired:
		p.status, p.errorCode, p.message = tbDeadlineExpired, "0", "QR-код просрочен"
	}
	b.s.logf("tbank payment %d: SBP %s", p.id, p.status)
	return b.notification(p, p.amount), nil
}

// tbTokenOK reports whether token is p's unused page token. b.mu must be
// held.
func tbTokenOK(p *tbPayment, token string) bool {
	return !p.tokenUsed && subtle.ConstantTimeCompare([]byte(token), []byte(p.token)) == 1
}

// sbpPayment returns the SBP payment of a bank app page's {key}, or
// writes the "not found" page and returns nil.
func (b *tbankSide) sbpPayment(w http.ResponseWriter, r *http.Request) *tbPayment {
	b.mu.Lock()
	p := b.byKey[r.PathValue("key")]
	ok := p != nil && p.sbp
	b.mu.Unlock()
	if !ok {
		tbPage(w, http.StatusNotFound, tbPageData{State: "QR-код не найден / QR code not found."})
		return nil
	}
	return p
}

// handleSBPPage shows the bank app (GET /tbank/sbp/{key}): the payment
// with Pay and Reject while it waits, its status otherwise.
func (b *tbankSide) handleSBPPage(w http.ResponseWriter, r *http.Request) {
	if p := b.sbpPayment(w, r); p != nil {
		b.renderSBP(w, http.StatusOK, p)
	}
}

// handleSBPAction serves Pay and Reject (POST /tbank/sbp/{key}: token,
// action), sends the notification (after its first attempt, as for a
// card) and sends the buyer on with 303 See Other to SuccessURL or
// FailURL.
func (b *tbankSide) handleSBPAction(w http.ResponseWriter, r *http.Request) {
	p := b.sbpPayment(w, r)
	if p == nil {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, tbMaxBody))
	form, perr := url.ParseQuery(string(body))
	action := form.Get("action")
	if err != nil || perr != nil || (action != "pay" && action != "reject") || form.Get("token") == "" {
		tbPage(w, http.StatusBadRequest, tbPageData{State: "Неверный запрос / Malformed request: choose Pay or Reject."})
		return
	}
	outcome := tbSBPPaid
	if action == "reject" {
		outcome = tbSBPRejected
	}
	n, err := b.settleSBP(p, form.Get("token"), outcome)
	switch {
	case errors.Is(err, errTBDecided):
		b.renderSBP(w, http.StatusOK, p)
		return
	case err != nil:
		tbPage(w, http.StatusForbidden, tbPageData{State: "Страница устарела / This page is out of date: reload it."})
		return
	}
	b.send(r.Context(), n, true)
	b.mu.Lock()
	target := b.redirect(b.s.baseURL(r), p)
	b.mu.Unlock()
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// TBankSBPPay acts as if the buyer paid (pay true) or rejected the SBP
// payment with PaymentId in the bank app, as the page's buttons do; it
// fails for an unknown payment, one without a QR code or no longer
// waiting.
func (s *Server) TBankSBPPay(ctx context.Context, paymentID string, pay bool) error {
	b := s.tb
	b.mu.Lock()
	p := b.lookup(paymentID)
	b.mu.Unlock()
	if p == nil {
		return errTBNoPayment
	}
	outcome := tbSBPPaid
	if !pay {
		outcome = tbSBPRejected
	}
	n, err := b.settleSBP(p, "", outcome)
	if err != nil {
		return err
	}
	b.send(ctx, n, true)
	return nil
}

// renderSBP shows the bank app page of p in the T-Bank page template.
func (b *tbankSide) renderSBP(w http.ResponseWriter, status int, p *tbPayment) {
	b.mu.Lock()
	d := tbPageData{
		Order: p.order, PaymentID: strconv.FormatInt(p.id, 10),
		Amount:      decimal.New(p.amount, -2).StringFixed(2),
		Description: p.description, Receipt: p.receiptLines(),
		Action: tbSBPPath + p.key, Token: p.token, Status: b.state(p), SBP: true,
		TitleRU: "Оплата по СБП", TitleEN: "Pay by SBP",
	}
	switch d.Status {
	case tbNew, tbFormShowed:
		d.Open = true
	case tbConfirmed:
		d.State, d.Good = "Оплачено / Paid.", true
	default:
		d.State = d.Status
		if p.message != "" {
			d.State += ": " + p.message
		}
	}
	b.mu.Unlock()
	tbPage(w, status, d)
}
