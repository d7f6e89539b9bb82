package robokassa

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/paykit/payments"
)

// ResultUrl2 notification states (data.state), the only two documented
// (https://docs.robokassa.ru/pay-interface) and the only two the official
// WordPress module accepts (ResultUrl2Notification.php).
const (
	// StateOK: the payment was paid, or a hold captured.
	StateOK = "OK"
	// StateHold: the money is held (a StepByStep payment), to be captured
	// or cancelled.
	StateHold = "HOLD"
)

// The bounds of a ResultUrl2 notification's header.timestamp around the
// Provider's clock: the checks of the official WordPress module
// (github.com/robokassa/cms-wordpress, ResultUrl2Notification.php). Robokassa
// retries an unacknowledged notification at most five more times, well
// within the week.
const (
	// ResultURL2MaxAge is how old a notification may be.
	ResultURL2MaxAge = 7 * 24 * time.Hour
	// ResultURL2MaxSkew is how far ahead of the clock its timestamp may be.
	ResultURL2MaxSkew = 5 * time.Minute
)

// resultURL2Type is the header.type of a payment notification.
const resultURL2Type = "PaymentStateNotification"

// ResultURL2Notification is a verified ResultUrl2 notification. Every
// value arrives as a JSON string (https://docs.robokassa.ru/pay-interface).
// OpKey is a saved-card token: Format and MarshalJSON show it redacted.
type ResultURL2Notification struct {
	// Type is header.type: "PaymentStateNotification".
	Type string
	// Version is header.version ("1.0.0").
	Version string
	// Timestamp is header.timestamp, the time Robokassa sent it.
	Timestamp time.Time
	// Shop is data.shop, the MerchantLogin.
	Shop string
	// OpKey is data.opKey: the operation's key for the Refund API and a
	// saved-card Token. Never printed.
	OpKey string
	// InvID is data.invId, the shop's InvId.
	InvID string
	// PaymentMethod is data.paymentMethod ("BankCard", ...).
	PaymentMethod string
	// IncSum is data.incSum, in the shop's currency: the amount the buyer
	// paid, not necessarily the link's OutSum (it includes the fee when the
	// shop passes Robokassa's fee on to the buyer).
	IncSum payments.Money
	// State is data.state: StateOK or StateHold.
	State string
}

// resultURL2Payload is the JWS payload; all values are strings.
type resultURL2Payload struct {
	Header struct {
		Type      string `json:"type"`
		Version   string `json:"version"`
		Timestamp string `json:"timestamp"`
	} `json:"header"`
	Data struct {
		Shop          string `json:"shop"`
		OpKey         string `json:"opKey"`
		InvID         string `json:"invId"`
		PaymentMethod string `json:"paymentMethod"`
		IncSum        string `json:"incSum"`
		State         string `json:"state"`
	} `json:"data"`
}

// VerifyResultURL2 verifies the body of a ResultUrl2 notification (see
// [ResultURL2Token] for the forms it takes) and returns it. It makes the
// checks of Robokassa's official WordPress module
// (github.com/robokassa/cms-wordpress, ResultUrl2Notification.php):
//
//   - the JOSE header is exactly alg RS256 and typ JWT;
//   - the RS256 signature verifies with one of the configured certificates
//     (Config.ResultURL2Certificates, by default
//     [DefaultResultURL2Certificates]) that is within its validity window
//     at the Provider's clock (Config.Now);
//   - header.timestamp is at most [ResultURL2MaxAge] old and at most
//     [ResultURL2MaxSkew] ahead;
//   - data.shop is the MerchantLogin;
//   - header.type is PaymentStateNotification, invId and opKey are present,
//     and state is OK or HOLD.
//
// A failure of the first four (a forged, replayed or misdirected token, or
// one no valid certificate verifies) is payments.ErrInvalidSignature, as is
// a signature that is not base64url; a JOSE header that does not decode to
// JSON, and a verified notification that is not a payment notification,
// lacks a field or has an amount that does not parse, are
// payments.ErrInvalidRequest.
//
// Open question: states besides OK and HOLD (a cancellation?) are not
// documented. Choice made: refuse them, as the official module does, with
// payments.ErrInvalidRequest naming the state, so that the notification
// is not acknowledged and shows in the app's logs; PaymentStatus
// (OpStateExt) tells the payment's state meanwhile.
func (p *Provider) VerifyResultURL2(body []byte) (*ResultURL2Notification, error) {
	const op = payments.OpVerifyWebhook
	tok, ok := ResultURL2Token(body)
	if !ok {
		return nil, invalidf(op, "ResultUrl2 body is not a compact JWS")
	}
	pl, err := p.verifyResultURL2Token(tok)
	if err != nil {
		return nil, err
	}
	return p.checkResultURL2(pl)
}

func badSignature(format string, args ...any) error {
	return errorf(payments.OpVerifyWebhook, payments.ErrInvalidSignature, "ResultUrl2: "+format, args...)
}

// verifyResultURL2Token checks the header and the signature of tok and
// returns its decoded payload.
func (p *Provider) verifyResultURL2Token(tok string) (*resultURL2Payload, error) {
	h64, rest, _ := strings.Cut(tok, ".")
	p64, s64, _ := strings.Cut(rest, ".")
	hdr, err := base64.RawURLEncoding.DecodeString(h64)
	if err != nil {
		return nil, invalidf(payments.OpVerifyWebhook, "ResultUrl2 JOSE header is not base64url")
	}
	var h struct {
		Alg  *string `json:"alg"`
		Typ  *string `json:"typ"`
		Crit any     `json:"crit"`
	}
	if err := json.Unmarshal(hdr, &h); err != nil {
		return nil, invalidf(payments.OpVerifyWebhook, "ResultUrl2 JOSE header is not JSON")
	}
	switch {
	case h.Alg == nil || *h.Alg != "RS256":
		return nil, badSignature("header alg is not RS256")
	case h.Typ == nil || *h.Typ != "JWT":
		return nil, badSignature("header typ is not JWT")
	case h.Crit != nil:
		return nil, badSignature("header has crit parameters")
	}
	sig, err := base64.RawURLEncoding.DecodeString(s64)
	if err != nil {
		return nil, badSignature("signature is not base64url")
	}
	now := p.now()
	valid := 0
	verified := false
	for _, c := range p.url2Certs {
		if !validAt(c, now) {
			continue
		}
		valid++
		// The method is named explicitly: golang-jwt's global registry is
		// not consulted, and nothing is registered in it.
		if jwt.SigningMethodRS256.Verify(h64+"."+p64, sig, c.PublicKey) == nil {
			verified = true
			break
		}
	}
	if valid == 0 {
		return nil, badSignature("no configured certificate is valid at %s (Config.ResultURL2Certificates)", now.UTC().Format(time.RFC3339))
	}
	if !verified {
		return nil, badSignature("signature does not verify with the configured certificates")
	}
	return decodeResultURL2Payload(p64)
}

// decodeResultURL2Payload decodes the base64url payload part of a token.
func decodeResultURL2Payload(p64 string) (*resultURL2Payload, error) {
	const op = payments.OpVerifyWebhook
	raw, err := base64.RawURLEncoding.DecodeString(p64)
	if err != nil {
		return nil, invalidf(op, "ResultUrl2 payload is not base64url")
	}
	var pl resultURL2Payload
	if err := json.Unmarshal(raw, &pl); err != nil {
		return nil, invalidf(op, "ResultUrl2 payload is not the documented JSON of strings")
	}
	return &pl, nil
}

// checkResultURL2 makes the checks of a verified payload and converts it.
func (p *Provider) checkResultURL2(pl *resultURL2Payload) (*ResultURL2Notification, error) {
	const op = payments.OpVerifyWebhook
	sec, err := strconv.ParseInt(pl.Header.Timestamp, 10, 64)
	if err != nil {
		return nil, badSignature("header timestamp %q is not a Unix time", pl.Header.Timestamp)
	}
	ts, now := time.Unix(sec, 0), p.now()
	if ts.Before(now.Add(-ResultURL2MaxAge)) || ts.After(now.Add(ResultURL2MaxSkew)) {
		return nil, badSignature("timestamp %s is outside -7 days/+5 minutes of now", ts.UTC().Format(time.RFC3339))
	}
	d := pl.Data
	if d.Shop != p.cfg.MerchantLogin {
		return nil, badSignature("notification is for shop %q, not this MerchantLogin", d.Shop)
	}
	switch {
	case pl.Header.Type != resultURL2Type:
		return nil, invalidf(op, "ResultUrl2 header type %q is not %s", pl.Header.Type, resultURL2Type)
	case d.InvID == "":
		return nil, invalidf(op, "ResultUrl2 notification has no invId")
	case d.OpKey == "":
		return nil, invalidf(op, "ResultUrl2 notification has no opKey")
	case d.State != StateOK && d.State != StateHold:
		return nil, invalidf(op, "ResultUrl2 state %q is neither OK nor HOLD", d.State)
	}
	if _, err := parseInvID(op, d.InvID); err != nil {
		return nil, err
	}
	n := &ResultURL2Notification{
		Type: pl.Header.Type, Version: pl.Header.Version, Timestamp: ts.UTC(),
		Shop: d.Shop, OpKey: d.OpKey, InvID: d.InvID, PaymentMethod: d.PaymentMethod, State: d.State,
	}
	if d.IncSum != "" {
		m, err := payments.ParseMoney(d.IncSum, p.cfg.Currency)
		if err != nil || m.Amount.IsNegative() {
			return nil, invalidf(op, "ResultUrl2 incSum %q is not an amount in %s", d.IncSum, p.cfg.Currency)
		}
		n.IncSum = m
	}
	return n, nil
}

// now is the Provider's clock.
func (p *Provider) now() time.Time {
	if p.cfg.Now != nil {
		return p.cfg.Now()
	}
	return time.Now()
}
