package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/paykit/payments/providerkit"
	"github.com/shopspring/decimal"
)

// csDefaultLifetime is the payment lifetime when /init gives none (the
// github.com/Space-Around/client-payment-sdk-python README: lifetime defaults to 3600 seconds).
const csDefaultLifetime = 3600 * time.Second

// csBrowserFields are the 3-D Secure 2.0 browser fields /init requires
// with device_channel (github.com/Space-Around/client-payment-sdk-python).
var csBrowserFields = []string{
	"device_browser_ip", "device_browser_accept_header", "device_browser_java_enabled",
	"device_browser_language", "device_browser_color_depth", "device_browser_screen_height",
	"device_browser_screen_width", "device_browser_tz", "device_browser_user_agent",
}

// csCardFields are the host-to-host card fields (github.com/Space-Around/client-payment-sdk-python).
var csCardFields = []string{"pan", "expire_month", "expire_year", "cvc"}

// handleInit serves POST /init (github.com/Space-Around/client-payment-sdk-python): a redirect (SBP)
// payment answers {"status":"redirect","url":page,"payment_redirect_url":page};
// a host-to-host card payment is decided at once and answers
// {"status":"redirect","url":finish redirect}; a 3-D Secure 2.0 payment
// answers {"status":"redirect","url":ACS page,"form_data":{...}} for the
// shop to POST the buyer to.
func (c *clientsdkSide) handleInit(w http.ResponseWriter, r *http.Request) {
	req, ok := c.readRequest(w, r, "/init")
	if !ok {
		return
	}
	p, errs := c.parseInit(req)
	if len(errs) > 0 {
		csFieldErrors(w, errs)
		return
	}
	trig := trigger(p.amount)
	p.trigger = trig
	if trig == TriggerUnavailable {
		c.s.logf("clientsdk /init order %q: trigger %s, answering 503", p.order, trig)
		csServerError(w, http.StatusServiceUnavailable, "Service temporarily unavailable (sandbox trigger "+trig+")")
		return
	}
	base := c.s.baseURL(r)
	c.mu.Lock()
	if c.payments[p.order] != nil {
		c.mu.Unlock()
		csFieldErrors(w, map[string][]string{"order": {"Order with this id already exists"}})
		return
	}
	c.nextInvoice++
	p.invoiceID = c.nextInvoice
	p.key, p.token = randomHex(16), randomHex(16)
	p.expires = c.s.opts.Now().Add(p.lifetime())
	p.status = csNew
	c.payments[p.order] = p
	c.byKey[p.key] = p
	var answer map[string]any
	var hook *csWebhook
	switch p.flow {
	case csFlowCard:
		c.settle(p, true)
		hook = c.paymentWebhook(p)
		answer = map[string]any{"status": "redirect", "url": c.finishRedirect(base, p)}
	case csFlowThreeDS:
		answer = map[string]any{"status": "redirect", "url": base + csACSPath, "form_data": csACSForm(p)}
	default:
		page := base + csPagePath + p.key
		answer = map[string]any{"status": "redirect", "url": page, "payment_redirect_url": page}
	}
	c.mu.Unlock()
	c.s.logf("clientsdk /init order %q: %s payment, invoice %d", p.order, p.flow, p.invoiceID)
	c.send(r.Context(), hook, false)
	if trig == TriggerOutcomeUnknown {
		c.s.logf("clientsdk /init order %q: trigger %s, answering 500 after acting", p.order, trig)
		csServerError(w, http.StatusInternalServerError, "Internal server error (sandbox trigger "+trig+")")
		return
	}
	csJSON(w, http.StatusOK, answer)
}

// lifetime returns how long an unpaid payment stays payable.
func (p *csPayment) lifetime() time.Duration {
	if p.lifetimeSecs > 0 {
		return time.Duration(p.lifetimeSecs) * time.Second
	}
	return csDefaultLifetime
}

// parseInit validates an /init request into a new payment, or returns the
// field errors.
func (c *clientsdkSide) parseInit(req csRequest) (*csPayment, map[string][]string) {
	errs := req.missing("amount", "order", "product_id")
	p := &csPayment{
		order:           req["order"],
		description:     req["description"],
		language:        req["language"],
		finishURL:       req["finish_url"],
		notificationURL: req["notification_url"],
		flow:            csFlowRedirect,
	}
	if v := req["product_id"]; v != "" && v != c.m.ProductID {
		errs["product_id"] = []string{"Product does not exist"}
	}
	p.amount = req.amount(errs)
	if len(p.order) > 128 {
		errs["order"] = []string{"Ensure this field has no more than 128 characters."}
	}
	if p.language != "" && p.language != "ru" && p.language != "en" {
		errs["language"] = []string{"Select a valid choice: ru, en."}
	}
	for _, f := range []string{"finish_url", "notification_url"} {
		if v := req[f]; v != "" && !csAbsoluteURL(v) {
			errs[f] = []string{"Enter a valid URL."}
		}
	}
	if v := req["lifetime"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs["lifetime"] = []string{"Enter a positive whole number of seconds."}
		}
		p.lifetimeSecs = n
	}
	if p.notificationURL == "" {
		p.notificationURL = c.m.NotificationURL
	}
	_, browser := req["device_channel"]
	if browser || anyField(req, csCardFields) {
		p.flow = csFlowCard
		c.checkCard(req, errs)
		p.maskedPAN = providerkit.MaskPAN(req["pan"])
	}
	if browser {
		p.flow = csFlowThreeDS
		for f, e := range req.missing(csBrowserFields...) {
			errs[f] = e
		}
		if req["device_channel"] != "BRW" {
			errs["device_channel"] = []string{"Select a valid choice: BRW."}
		}
	}
	return p, errs
}

// checkCard validates the card fields into errs. Messages never repeat the
// card data.
func (c *clientsdkSide) checkCard(req csRequest, errs map[string][]string) {
	for f, e := range req.missing(csCardFields...) {
		errs[f] = e
	}
	if v := req["pan"]; v != "" && !csValidPAN(v) {
		errs["pan"] = []string{"Invalid card number"}
	}
	month, merr := strconv.Atoi(req["expire_month"])
	if v := req["expire_month"]; v != "" && (len(v) != 2 || merr != nil || month < 1 || month > 12) {
		errs["expire_month"] = []string{"Enter a valid month (01 to 12)."}
	}
	year, yerr := strconv.Atoi(req["expire_year"])
	if v := req["expire_year"]; v != "" && (len(v) != 2 || yerr != nil || year < 0) {
		errs["expire_year"] = []string{"Enter a valid two-digit year."}
	}
	if errs["expire_month"] == nil && errs["expire_year"] == nil && merr == nil && yerr == nil {
		now := c.s.opts.Now()
		if 2000+year < now.Year() || (2000+year == now.Year() && month < int(now.Month())) {
			errs["expire_year"] = []string{"The card has expired."}
		}
	}
	if v := req["cvc"]; v != "" && ((len(v) != 3 && len(v) != 4) || !csDigits(v)) {
		errs["cvc"] = []string{"Enter a valid CVC."}
	}
}

func anyField(req csRequest, fields []string) bool {
	for _, f := range fields {
		if _, ok := req[f]; ok {
			return true
		}
	}
	return false
}

// amount parses the amount field with csAmount, adding a field error to
// errs when it is present but not a valid amount.
func (req csRequest) amount(errs map[string][]string) decimal.Decimal {
	v := req["amount"]
	if v == "" {
		return decimal.Zero
	}
	d, ok := csAmount(v)
	if !ok {
		errs["amount"] = []string{"Enter a valid amount"}
	}
	return d
}

// csAmount parses an amount as the API takes it: a plain positive decimal
// ("10", "10.5", "10.00") with at most two significant decimal places.
func csAmount(text string) (decimal.Decimal, bool) {
	if len(text) == 0 || len(text) > 20 {
		return decimal.Zero, false
	}
	dot := false
	for i := 0; i < len(text); i++ {
		switch ch := text[i]; {
		case ch == '.' && !dot && i > 0 && i < len(text)-1:
			dot = true
		case ch < '0' || ch > '9':
			return decimal.Zero, false
		}
	}
	d, err := decimal.NewFromString(text)
	if err != nil || !d.IsPositive() || !d.Equal(d.Round(2)) {
		return decimal.Zero, false
	}
	return d, true
}

// csValidPAN reports whether pan is 13 to 19 digits with a valid Luhn
// check digit (providerkit.Luhn is false for anything but digits).
func csValidPAN(pan string) bool {
	return len(pan) >= 13 && len(pan) <= 19 && providerkit.Luhn(pan)
}

func csDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// csAbsoluteURL reports whether s is an absolute http(s) URL.
func csAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
