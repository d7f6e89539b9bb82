package sandbox

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/paykit/payments/robokassa"
)

// Pay again: the sandbox lets an invoice that was not paid (state 10,
// cancelled) be paid again with the same InvId, as its payment page does
// when the shop sends the same link once more (upsert). When the buyer
// declines and the shop has no FailURL, the sandbox's result page offers
// Pay again, which reopens the payment page of the same invoice for a new
// attempt.

// againToken returns a new one-time token of p's Pay again button,
// "<InvId>.<random>". rk.mu must be held.
func (rk *robokassaSide) againToken(p *rkPayment) string {
	if p.invoice != nil {
		return "" // an Invoice API invoice is paid again from its own link
	}
	p.again = strconv.FormatInt(p.invID, 10) + "." + randomHex(16)
	return p.again
}

// payAgain serves Pay again (POST token): a cancelled invoice whose token
// matches goes back to waiting for payment (state 5) and its payment page
// is shown with a new page token.
func (rk *robokassaSide) payAgain(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		rkErrParam("form").write(w)
		return
	}
	tok := r.PostForm.Get("token")
	id, _, _ := strings.Cut(tok, ".")
	inv, err := strconv.ParseInt(id, 10, 64)
	rk.mu.Lock()
	p := rk.payments[inv]
	if err != nil || p == nil || p.again == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(p.again)) != 1 {
		rk.mu.Unlock()
		rkMessage(w, http.StatusBadRequest, "Страница оплаты устарела / This payment page has expired or was already used")
		return
	}
	p.again = ""
	if p.state != robokassa.StateCanceled {
		rk.mu.Unlock()
		rkMessage(w, http.StatusConflict, "Счёт больше не ждёт новой попытки / The invoice no longer waits for a new attempt")
		return
	}
	rk.setState(p, robokassa.StateInitiated)
	data := rk.pageData(p)
	rk.mu.Unlock()
	rk.s.logf("robokassa: InvId %s: the buyer pays again", data.InvID)
	rkWriteHTML(w, http.StatusOK, "page", data)
}
