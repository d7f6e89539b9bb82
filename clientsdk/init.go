package clientsdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// InitPayment implements payments.Provider with POST /init
// (github.com/Space-Around/client-payment-sdk-python README and examples), in one of three forms:
//
//   - a redirect (or SBP) payment: amount, order, merchant_id, product_id,
//     and when given description, language ("ru" or "en"; other languages
//     are left out), finish_url (SuccessURL, or FailURL when only that is
//     set: the API has one return URL, so check the outcome with
//     PaymentStatus), notification_url (req.NotificationURL or
//     Config.NotificationURL) and lifetime (seconds until req.ExpiresAt);
//   - a host-to-host card payment (req.Card): plus pan, expire_month
//     ("01"), expire_year (two digits, "25") and cvc;
//   - 3-D Secure 2.0 (req.Browser): plus device_channel "BRW" and the
//     device_browser_* fields and challenge_window_size (left out when
//     empty).
//
// The amount is formatted once ("10.00") and the same text is sent and
// signed. The answer becomes the next step: form_data present means POST
// those fields to url (the ACS challenge); otherwise a redirect to
// payment_redirect_url, or else url. The payment is requires_action when
// there is a next step and pending otherwise.
func (p *Provider) InitPayment(ctx context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	const op = payments.OpInitPayment
	params, err := p.initParams(req)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, err)
	}
	r, err := p.call(ctx, providerkit.Moving(op), "POST", "/init", params)
	if err != nil {
		return nil, err
	}
	pay, err := parseInit(r)
	if err != nil {
		return nil, providerkit.Stamp(providerName, op, providerkit.ProtocolError(providerkit.Moving(op), err))
	}
	pay.OrderID = req.OrderID
	return pay, nil
}

func (p *Provider) initParams(req *payments.InitRequest) ([]Param, error) {
	if req == nil {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "nil request")
	}
	if req.Amount.Currency != payments.RUB {
		return nil, &payments.Error{Kind: errors.ErrUnsupported, Message: "clientsdk takes payments in RUB only, not " + string(req.Amount.Currency)}
	}
	if !req.Amount.Amount.IsPositive() {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "amount must be positive")
	}
	if req.OrderID == "" {
		return nil, payments.Errorf(payments.ErrInvalidRequest, "order id is required")
	}
	params := []Param{
		{"amount", req.Amount.Format()},
		{"order", req.OrderID},
		{"merchant_id", p.cfg.MerchantID},
		{"product_id", p.cfg.ProductID},
	}
	if req.Description != "" {
		params = append(params, Param{"description", req.Description})
	}
	if lang := providerkit.Language(req.Language, "ru", "en"); lang != "" {
		params = append(params, Param{"language", lang})
	}
	finish := req.SuccessURL
	if finish == "" {
		finish = req.FailURL
	}
	if finish != "" {
		params = append(params, Param{"finish_url", finish})
	}
	notif, err := p.notificationURL(req.NotificationURL)
	if err != nil {
		return nil, err
	}
	if notif != "" {
		params = append(params, Param{"notification_url", notif})
	}
	if !req.ExpiresAt.IsZero() {
		secs := math.Ceil(req.ExpiresAt.Sub(p.now()).Seconds())
		if secs <= 0 {
			return nil, payments.Errorf(payments.ErrInvalidRequest, "expiry is in the past")
		}
		params = append(params, Param{"lifetime", strconv.FormatInt(int64(secs), 10)})
	}
	if c := req.Card; c != nil {
		if err := c.Validate(p.now()); err != nil {
			return nil, err
		}
		params = append(params,
			Param{"pan", c.Number},
			Param{"expire_month", fmt.Sprintf("%02d", c.ExpMonth)},
			Param{"expire_year", fmt.Sprintf("%02d", c.ExpYear%100)},
			Param{"cvc", c.CVC},
		)
	}
	if b := req.Browser; b != nil {
		params = append(params,
			Param{"device_channel", "BRW"},
			Param{"device_browser_ip", b.IP},
			Param{"device_browser_accept_header", b.AcceptHeader},
			Param{"device_browser_java_enabled", strconv.FormatBool(b.JavaEnabled)},
			Param{"device_browser_language", b.Language},
			Param{"device_browser_color_depth", strconv.Itoa(b.ColorDepth)},
			Param{"device_browser_screen_height", strconv.Itoa(b.ScreenHeight)},
			Param{"device_browser_screen_width", strconv.Itoa(b.ScreenWidth)},
			Param{"device_browser_tz", strconv.Itoa(b.TZOffsetMinutes)},
			Param{"device_browser_user_agent", b.UserAgent},
		)
		if b.ChallengeWindowSize != "" {
			params = append(params, Param{"challenge_window_size", b.ChallengeWindowSize})
		}
	}
	return params, nil
}

// notificationURL returns the webhook URL for one payment or payout,
// checking that its path is the one webhooks are verified over.
func (p *Provider) notificationURL(perRequest string) (string, error) {
	u := perRequest
	if u == "" {
		u = p.cfg.NotificationURL
	}
	if u == "" {
		return "", nil
	}
	path, err := notificationURLPath(u)
	if err != nil {
		return "", payments.Errorf(payments.ErrInvalidRequest, "notification URL: %v", err)
	}
	if path != p.notifPath {
		return "", payments.Errorf(payments.ErrInvalidRequest, "notification URL path %q is not the configured NotificationPath %q: its webhooks would not verify", path, p.notifPath)
	}
	return u, nil
}

// parseInit turns an /init answer into a payment and its next step.
func parseInit(r response) (*payments.Payment, error) {
	pay := &payments.Payment{Status: payments.StatusPending, Raw: r.scalars()}
	target, hasURL, err := r.str("url")
	if err != nil {
		return nil, err
	}
	redirect, hasRedirect, err := r.str("payment_redirect_url")
	if err != nil {
		return nil, err
	}
	fields, hasForm, err := formData(r["form_data"])
	if err != nil {
		return nil, err
	}
	switch {
	case hasForm:
		if !hasURL || target == "" {
			return nil, errors.New("form_data without url")
		}
		pay.NextStep = payments.NextStep{Kind: payments.NextPostForm, URL: target, Fields: fields}
	case hasRedirect && redirect != "":
		pay.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: redirect}
	case hasURL && target != "":
		pay.NextStep = payments.NextStep{Kind: payments.NextRedirect, URL: target}
	}
	if pay.NextStep.Kind != payments.NextNone {
		if err := checkURL(pay.NextStep.URL); err != nil {
			return nil, err
		}
		pay.Status = payments.StatusRequiresAction
	}
	return pay, nil
}

// formData decodes the ACS form ({"PaReq": "...", ...}) into fields sorted
// by name, for a deterministic form. null or {} means no form.
func formData(raw json.RawMessage) ([]payments.Field, bool, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, false, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false, fmt.Errorf("form_data is not an object: %w", err)
	}
	if len(m) == 0 {
		return nil, false, nil
	}
	fields := make([]payments.Field, 0, len(m))
	for k, v := range m {
		s := ""
		if string(v) != "null" {
			var err error
			if s, err = scalarText(v); err != nil {
				return nil, false, fmt.Errorf("form_data %q: %w", k, err)
			}
		}
		fields = append(fields, payments.Field{Name: k, Value: s})
	}
	slices.SortFunc(fields, func(a, b payments.Field) int { return strings.Compare(a.Name, b.Name) })
	return fields, true, nil
}

// checkURL accepts only absolute http(s) URLs for the buyer's browser.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("next-step URL is not an absolute http(s) URL")
	}
	return nil
}
