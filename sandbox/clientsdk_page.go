package sandbox

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/paykit/payments/clientsdk"
)

// Paths of the sbank/PayHub side's buyer-facing pages.
const (
	csPagePath   = "/sbank/pay/"    // GET: payment page; POST: Pay/Decline
	csACSPath    = "/sbank/acs"     // 3-D Secure challenge (the shop POSTs form_data here)
	csFinishPath = "/sbank/finish/" // result page when a payment has no finish_url
)

// Buyer errors of the Pay/Decline endpoints and of ClientSDKPay.
var (
	errCSNoPayment = errors.New("sandbox: no such clientsdk payment")
	errCSDecided   = errors.New("sandbox: the clientsdk payment is no longer waiting for the buyer")
	errCSToken     = errors.New("sandbox: wrong or used page token")
)

// settle decides a payment: paid (declined anyway under trigger 13.13) or
// declined by the buyer. c.mu must be held.
func (c *clientsdkSide) settle(p *csPayment, pay bool) {
	switch {
	case pay && p.trigger == TriggerDecline:
		p.status, p.errorCode, p.errorText = csFailed, "common", "insufficient funds"
	case pay:
		p.status, p.errorCode, p.errorText = csComplete, "", ""
	default:
		p.status, p.errorCode, p.errorText = csFailed, "common", "payment declined by the buyer"
	}
}

// decide settles the waiting payment p as the buyer chose, sends its
// webhook (returning after the first delivery attempt, retries go on in
// the background) and returns where to send the buyer. token, unless
// empty, must be the page's one-time token.
func (c *clientsdkSide) decide(ctx context.Context, base string, p *csPayment, token string, pay bool) (string, error) {
	c.mu.Lock()
	if c.paymentStatus(p) != csNew {
		c.mu.Unlock()
		return "", errCSDecided
	}
	if token != "" && (p.tokenUsed || subtle.ConstantTimeCompare([]byte(token), []byte(p.token)) != 1) {
		c.mu.Unlock()
		return "", errCSToken
	}
	p.tokenUsed = true
	c.settle(p, pay)
	hook := c.paymentWebhook(p)
	target := c.finishRedirect(base, p)
	status := p.status
	c.mu.Unlock()
	c.s.logf("clientsdk order %q: buyer chose %s, payment %s", p.order, map[bool]string{true: "Pay", false: "Decline"}[pay], status)
	c.send(ctx, hook, true)
	return target, nil
}

// ClientSDKPay acts as if the buyer pressed Pay on the payment page (or
// the 3-D Secure page) of the sbank/PayHub payment with the merchant's
// order id: the payment completes (or fails under trigger 13.13) and its
// webhook is sent. It returns after the first delivery attempt; retries go
// on in the background. It fails for an unknown order or a payment that is
// no longer waiting for the buyer.
func (s *Server) ClientSDKPay(ctx context.Context, order string) error {
	return s.cs.decideOrder(ctx, order, true)
}

// ClientSDKDecline acts as if the buyer pressed Decline: the payment fails
// and its webhook is sent, as for ClientSDKPay.
func (s *Server) ClientSDKDecline(ctx context.Context, order string) error {
	return s.cs.decideOrder(ctx, order, false)
}

func (c *clientsdkSide) decideOrder(ctx context.Context, order string, pay bool) error {
	c.mu.Lock()
	p := c.payments[order]
	c.mu.Unlock()
	if p == nil {
		return errCSNoPayment
	}
	_, err := c.decide(ctx, c.s.URL(), p, "", pay)
	return err
}

// finishRedirect returns where the buyer goes after the payment: the
// payment's finish_url with amount, invoice_id, product_id, merchant_id,
// order, currency and signature (github.com/Space-Around/client-payment-sdk-python), or the sandbox's own
// result page (also when the finish_url cannot be parsed or signed over).
// The real signature scheme is unknown (no public source gives it); the sandbox signs
// clientsdk.Sign(finish_url's path, "GET", the six fields).
func (c *clientsdkSide) finishRedirect(base string, p *csPayment) string {
	own := base + csFinishPath + p.key
	if p.finishURL == "" {
		return own
	}
	u, err := url.Parse(p.finishURL)
	if err != nil {
		return own
	}
	query, err := c.signedForm(u, http.MethodGet, []clientsdk.Param{
		{Key: "amount", Value: p.amount.StringFixed(4)},
		{Key: "invoice_id", Value: strconv.FormatInt(p.invoiceID, 10)},
		{Key: "product_id", Value: c.m.ProductID},
		{Key: "merchant_id", Value: c.m.MerchantID},
		{Key: "order", Value: p.order},
		{Key: "currency", Value: "RUB"},
	})
	if err != nil {
		c.s.logf("clientsdk order %q: cannot sign the finish redirect", p.order)
		return own
	}
	if u.RawQuery != "" {
		query = u.RawQuery + "&" + query
	}
	u.RawQuery = query
	return u.String()
}

// csACSForm is the form_data of a 3-D Secure answer: a CReq naming the
// payment (base64url JSON, as EMV 3-D Secure 2 sends it) and the session
// data the ACS echoes.
func csACSForm(p *csPayment) map[string]string {
	creq, _ := json.Marshal(map[string]string{
		"messageType":          "CReq",
		"messageVersion":       "2.2.0",
		"acsTransID":           p.key,
		"threeDSServerTransID": strconv.FormatInt(p.invoiceID, 10),
		"challengeWindowSize":  "02",
	})
	return map[string]string{
		"creq":               base64.RawURLEncoding.EncodeToString(creq),
		"threeDSSessionData": strconv.FormatInt(p.invoiceID, 10),
	}
}

// lookupKey returns the payment whose page key is key.
func (c *clientsdkSide) lookupKey(key string) *csPayment {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byKey[key]
}

// pagePayment returns the payment of a page URL's {key}, or writes the
// "not found" page and returns nil.
func (c *clientsdkSide) pagePayment(w http.ResponseWriter, r *http.Request) *csPayment {
	p := c.lookupKey(r.PathValue("key"))
	if p == nil {
		csPage(w, http.StatusNotFound, csPageData{Title: "Payment not found", State: "This payment does not exist."})
	}
	return p
}

// handlePage serves the payment page (GET /sbank/pay/{key}).
func (c *clientsdkSide) handlePage(w http.ResponseWriter, r *http.Request) {
	if p := c.pagePayment(w, r); p != nil {
		c.renderPayment(w, p, "Payment")
	}
}

// handleACS serves the 3-D Secure challenge page: the shop's auto-posting
// form (or a GET with the same fields) brings the buyer here with creq.
func (c *clientsdkSide) handleACS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, csMaxBody)
	if err := r.ParseForm(); err != nil {
		csPage(w, http.StatusBadRequest, csPageData{Title: "3-D Secure", State: "Malformed 3-D Secure request."})
		return
	}
	p := c.lookupKey(csACSKey(r.Form.Get("creq")))
	if p == nil || p.flow != csFlowThreeDS {
		csPage(w, http.StatusNotFound, csPageData{Title: "3-D Secure", State: "Unknown 3-D Secure transaction."})
		return
	}
	c.renderPayment(w, p, "3-D Secure")
}

// csACSKey decodes a CReq and returns its acsTransID ("" when malformed).
func csACSKey(creq string) string {
	raw, err := base64.RawURLEncoding.DecodeString(creq)
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	key, _ := m["acsTransID"].(string)
	return key
}

// handleAction serves Pay and Decline (POST /sbank/pay/{key}, form token
// and action) and sends the buyer on with 303 See Other.
func (c *clientsdkSide) handleAction(w http.ResponseWriter, r *http.Request) {
	p := c.pagePayment(w, r)
	if p == nil {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, csMaxBody))
	form, perr := url.ParseQuery(string(body))
	action := form.Get("action")
	if err != nil || perr != nil || (action != "pay" && action != "decline") || form.Get("token") == "" {
		csPage(w, http.StatusBadRequest, csPageData{Title: "Payment", State: "Malformed request: choose Pay or Decline."})
		return
	}
	target, err := c.decide(r.Context(), c.s.baseURL(r), p, form.Get("token"), action == "pay")
	switch {
	case errors.Is(err, errCSDecided):
		c.renderPayment(w, p, "Payment")
		return
	case err != nil:
		csPage(w, http.StatusForbidden, csPageData{Title: "Payment", State: "This page is out of date: reload the payment page."})
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// handleFinishPage shows a payment's result when it has no finish_url.
func (c *clientsdkSide) handleFinishPage(w http.ResponseWriter, r *http.Request) {
	if p := c.pagePayment(w, r); p != nil {
		c.renderPayment(w, p, "Payment result")
	}
}

// renderPayment shows p with Pay and Decline while it waits for the buyer,
// and its state otherwise.
func (c *clientsdkSide) renderPayment(w http.ResponseWriter, p *csPayment, title string) {
	c.mu.Lock()
	d := csPageData{
		Title:       title,
		Lang:        p.language,
		Order:       p.order,
		Amount:      p.amount.StringFixed(2),
		Description: p.description,
		Card:        p.maskedPAN,
		Action:      csPagePath + p.key,
		Token:       p.token,
		Trigger:     p.trigger,
	}
	switch c.paymentStatus(p) {
	case csNew:
		d.Open = true
	case csComplete:
		d.StateRU, d.State, d.Good = "Оплачено.", "Paid.", true
	case csExpired:
		d.StateRU, d.State, d.Bad = "Срок оплаты истёк.", "Expired: the payment's lifetime is over.", true
	default:
		d.StateRU, d.State, d.Bad = "Отклонено.", "Declined: "+p.errorText+".", true
	}
	c.mu.Unlock()
	if d.Lang == "" {
		d.Lang = "en"
	}
	csPage(w, http.StatusOK, d)
}
