package sandbox

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Buyer errors of the T-Bank payment page and of TBankPay.
var (
	errTBNoPayment = errors.New("sandbox: no such tbank payment")
	errTBDecided   = errors.New("sandbox: the tbank payment is no longer waiting for the buyer")
	errTBToken     = errors.New("sandbox: wrong or used page token")
	errTBCard      = errors.New("sandbox: not one of the T-Bank test cards")
)

// TBankCardSuccess is the test card the payment page preselects: 3-D
// Secure 2.0 frictionless, paid (https://www.tbank.ru/kassa/dev/payments/ tag «Тестирование и тестовые карты»).
const TBankCardSuccess = "2201382000000013"

// tbTestCard is one of T-Bank's documented test cards and what paying with
// it does on the sandbox's page.
type tbTestCard struct {
	Number, Outcome string
	status          string // tbRejected or tbAuthFail when it fails
	// fails returns the ErrorCode and message of a failure with this card
	// for an amount in kopecks, or "" to pay; nil means always paid.
	fails func(amount int64) (code, message string)
}

func always(code, msg string) func(int64) (string, string) {
	return func(int64) (string, string) { return code, msg }
}

const tbNoFunds = "Недостаточно средств на карте"

// tbTestCards are T-Bank's test cards (https://www.tbank.ru/kassa/dev/payments/ tag «Тестирование и
// тестовые карты»; https://developer.tbank.ru/eacq/intro/errors/test). The
// ErrorCode of each failure is not documented: the sandbox answers 1051
// for insufficient funds, 1005 for a refused debit and 101 for a failed
// 3-D Secure authentication.
var tbTestCards = []tbTestCard{
	{Number: TBankCardSuccess, Outcome: "3-D Secure 2.0 frictionless: paid"},
	{Number: "2201382000000047", Outcome: "3-D Secure 2.0 challenge (passcode 1qwezxc): paid"},
	{Number: "2201382000000039", Outcome: "3-D Secure attempt: paid"},
	{Number: "2201382000000005", Outcome: "3-D Secure rejected: AUTH_FAIL", status: tbAuthFail, fails: always("101", "Не пройдена аутентификация 3-D Secure")},
	{Number: "2201382000000021", Outcome: "not authenticated: AUTH_FAIL", status: tbAuthFail, fails: always("101", "Не пройдена аутентификация 3-D Secure")},
	{Number: "2201382000000831", Outcome: "insufficient funds when the amount is 22.33", status: tbRejected, fails: func(a int64) (string, string) {
		if a == 2233 {
			return "1051", tbNoFunds
		}
		return "", ""
	}},
	{Number: "2200770239097761", Outcome: "no 3-D Secure: paid"},
	{Number: "5586200071492158", Outcome: "3-D Secure 1.0: paid"},
	{Number: "5586200071499591", Outcome: "insufficient funds above 1000 RUB", status: tbRejected, fails: func(a int64) (string, string) {
		if a > 100000 {
			return "1051", tbNoFunds
		}
		return "", ""
	}},
	{Number: "4249170392197566", Outcome: "insufficient funds", status: tbRejected, fails: always("1051", tbNoFunds)},
	{Number: "5586200071492075", Outcome: "error at debit", status: tbRejected, fails: always("1005", "Операция отклонена банком-эмитентом")},
}

// tbCard returns the test card with number, or nil.
func tbCard(number string) *tbTestCard {
	for i := range tbTestCards {
		if tbTestCards[i].Number == number {
			return &tbTestCards[i]
		}
	}
	return nil
}

// settle decides p as the buyer chose: paid with card, or declined. The
// amount trigger 13.13 declines any card (1051). b.mu must be held.
func (b *tbankSide) settle(p *tbPayment, card *tbTestCard, pay bool) {
	p.card = card.Number[:6] + "******" + card.Number[len(card.Number)-4:]
	var code, msg string
	status := tbRejected
	switch {
	case !pay:
		code, msg = "1005", "Покупатель отказался от оплаты"
	case p.trigger == TriggerDecline:
		code, msg = "1051", tbNoFunds
	case card.fails != nil:
		code, msg = card.fails(p.amount)
		status = card.status
	}
	if code != "" {
		p.status, p.errorCode, p.message = status, code, msg
		return
	}
	b.nextCID++
	p.cardID = b.nextCID
	b.authorize(p)
}

// decide settles the waiting payment p, sends its notification (returning
// after the first attempt: one-stage notifications are synchronous, tag
// «Уведомления об операциях») and returns where to send the buyer. token,
// unless empty, must be the page's one-time token.
func (b *tbankSide) decide(ctx context.Context, base string, p *tbPayment, token, card string, pay bool) (string, error) {
	c := tbCard(card)
	if c == nil {
		return "", errTBCard
	}
	b.mu.Lock()
	if st := b.state(p); st != tbNew && st != tbFormShowed {
		b.mu.Unlock()
		return "", errTBDecided
	}
	if token != "" && (p.tokenUsed || subtle.ConstantTimeCompare([]byte(token), []byte(p.token)) != 1) {
		b.mu.Unlock()
		return "", errTBToken
	}
	p.tokenUsed = true
	b.settle(p, c, pay)
	n := b.notification(p, p.amount)
	target := b.redirect(base, p)
	status := p.status
	b.mu.Unlock()
	b.s.logf("tbank payment %d: buyer chose %s, %s", p.id, map[bool]string{true: "Pay", false: "Decline"}[pay], status)
	b.send(ctx, n, true)
	return target, nil
}

// redirect returns where the buyer goes: SuccessURL after a payment,
// FailURL otherwise, with the ${Success}, ${ErrorCode}, ${OrderId},
// ${Message} and ${Details} placeholders filled (section «Параметры
// терминала» of https://www.tbank.ru/kassa/dev/payments/index.html), or the sandbox's result page when there is none.
// b.mu must be held.
func (b *tbankSide) redirect(base string, p *tbPayment) string {
	ok := p.status == tbAuthorized || p.status == tbConfirmed
	target := p.failURL
	if ok {
		target = p.successURL
	}
	if target == "" {
		return base + tbResultPath + p.key
	}
	return strings.NewReplacer(
		"${Success}", strconv.FormatBool(ok), "${ErrorCode}", url.QueryEscape(p.errorCode),
		"${OrderId}", url.QueryEscape(p.order), "${Message}", url.QueryEscape(p.message), "${Details}", "",
	).Replace(target)
}

// TBankPay acts as if the buyer paid the T-Bank payment with PaymentId on
// its page with card, one of T-Bank's test cards ("" for
// TBankCardSuccess): the card's documented outcome, the notification
// (after the first attempt; retries go on in the background). It fails
// for an unknown payment, one no longer waiting, or an unknown card.
func (s *Server) TBankPay(ctx context.Context, paymentID, card string) error {
	if card == "" {
		card = TBankCardSuccess
	}
	return s.tb.decideID(ctx, paymentID, card, true)
}

// TBankDecline acts as if the buyer pressed Decline: REJECTED (ErrorCode
// 1005) and notified, as for TBankPay.
func (s *Server) TBankDecline(ctx context.Context, paymentID string) error {
	return s.tb.decideID(ctx, paymentID, TBankCardSuccess, false)
}

func (b *tbankSide) decideID(ctx context.Context, id, card string, pay bool) error {
	b.mu.Lock()
	p := b.lookup(id)
	b.mu.Unlock()
	if p == nil {
		return errTBNoPayment
	}
	_, err := b.decide(ctx, b.s.URL(), p, "", card, pay)
	return err
}

// pagePayment returns the payment of a page URL's {key}, or writes the
// "not found" page and returns nil.
func (b *tbankSide) pagePayment(w http.ResponseWriter, r *http.Request) *tbPayment {
	b.mu.Lock()
	p := b.byKey[r.PathValue("key")]
	b.mu.Unlock()
	if p == nil {
		tbPage(w, http.StatusNotFound, tbPageData{State: "Платёж не найден / Payment not found."})
	}
	return p
}

// handlePage serves the payment page (GET /tbank/pay/{key}); the first
// view moves NEW to FORM_SHOWED.
func (b *tbankSide) handlePage(w http.ResponseWriter, r *http.Request) {
	p := b.pagePayment(w, r)
	if p == nil {
		return
	}
	b.mu.Lock()
	if b.state(p) == tbNew {
		p.status = tbFormShowed
	}
	b.mu.Unlock()
	b.render(w, http.StatusOK, p)
}

// handleAction serves Pay and Decline (POST /tbank/pay/{key}: token,
// action, card) and sends the buyer on with 303 See Other.
func (b *tbankSide) handleAction(w http.ResponseWriter, r *http.Request) {
	p := b.pagePayment(w, r)
	if p == nil {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, tbMaxBody))
	form, perr := url.ParseQuery(string(body))
	action, card := form.Get("action"), form.Get("card")
	if card == "" {
		card = TBankCardSuccess
	}
	if err != nil || perr != nil || (action != "pay" && action != "decline") || form.Get("token") == "" {
		tbPage(w, http.StatusBadRequest, tbPageData{State: "Неверный запрос / Malformed request: choose Pay or Decline."})
		return
	}
	target, err := b.decide(r.Context(), b.s.baseURL(r), p, form.Get("token"), card, action == "pay")
	switch {
	case errors.Is(err, errTBDecided):
		b.render(w, http.StatusOK, p)
		return
	case errors.Is(err, errTBCard):
		tbPage(w, http.StatusBadRequest, tbPageData{State: "Неизвестная тестовая карта / Not a T-Bank test card."})
		return
	case err != nil:
		tbPage(w, http.StatusForbidden, tbPageData{State: "Страница устарела / This page is out of date: reload it."})
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// handleResult shows a payment's result when it has no Success/FailURL.
func (b *tbankSide) handleResult(w http.ResponseWriter, r *http.Request) {
	if p := b.pagePayment(w, r); p != nil {
		b.render(w, http.StatusOK, p)
	}
}

// render shows p with the test cards, Pay and Decline while it waits for
// the buyer, and its status otherwise.
func (b *tbankSide) render(w http.ResponseWriter, status int, p *tbPayment) {
	b.mu.Lock()
	d := tbPageData{
		Order: p.order, PaymentID: strconv.FormatInt(p.id, 10),
		Amount:      decimal.New(p.amount, -2).StringFixed(2),
		Description: p.description, Hold: p.twoStage, Recurrent: p.recurrent,
		Receipt: p.receiptLines(), Action: tbPagePath + p.key, Token: p.token,
		Cards: tbTestCards, Default: TBankCardSuccess, Status: b.state(p),
	}
	if p.trigger == TriggerDecline {
		d.Note = "Сумма 13.13: оплата будет отклонена / Amount 13.13: Pay will be declined (insufficient funds)."
	}
	switch d.Status {
	case tbNew, tbFormShowed:
		d.Open = true
	case tbAuthorized:
		d.State, d.Good = "Средства заблокированы / Amount held.", true
	case tbConfirmed:
		d.State, d.Good = "Оплачено / Paid.", true
	default:
		d.State = d.Status
		if p.message != "" {
			d.State += ": " + p.message
		}
	}
	if !d.Open {
		d.TitleRU, d.TitleEN = "Результат оплаты", "Payment result"
	}
	b.mu.Unlock()
	tbPage(w, status, d)
}
