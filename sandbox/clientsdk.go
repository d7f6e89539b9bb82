package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/paykit/payments"
)

// Sandbox credentials of the sbank/PayHub side, used when
// Options.ClientSDK leaves them empty.
const (
	// ClientSDKMerchantID is the sandbox's default merchant id (the public
	// SDK examples' merchant: github.com/Space-Around/client-payment-sdk-python
	// examples and creater777/sbank tests/_fixtures/config.php).
	ClientSDKMerchantID = "13"
	// ClientSDKProductID is the sandbox's default product id.
	ClientSDKProductID = "15"
	// ClientSDKSecret is the sandbox's default API secret. It is not the
	// public SDKs' test secret, so a request signed for the real test
	// merchant does not pass here by accident.
	ClientSDKSecret = "sandbox-secret"
)

// ClientSDKMerchant is the one merchant the sandbox's sbank/PayHub side
// accepts. Empty fields get the ClientSDK* defaults. Its String, GoString,
// Format, LogValue and MarshalJSON never show the secret.
type ClientSDKMerchant struct {
	// MerchantID is the merchant_id requests must carry.
	MerchantID string
	// ProductID is the product_id payments and status lookups must carry.
	ProductID string
	// Secret signs requests, webhooks and finish redirects.
	Secret string
	// NotificationURL is the default webhook target for payments and
	// payouts whose request names none; empty means such operations send
	// no webhook.
	NotificationURL string
}

func (m ClientSDKMerchant) withDefaults() ClientSDKMerchant {
	if m.MerchantID == "" {
		m.MerchantID = ClientSDKMerchantID
	}
	if m.ProductID == "" {
		m.ProductID = ClientSDKProductID
	}
	if m.Secret == "" {
		m.Secret = ClientSDKSecret
	}
	return m
}

func (m ClientSDKMerchant) secretMark() string { return payments.Secret(m.Secret).String() }

// String implements fmt.Stringer without the secret.
func (m ClientSDKMerchant) String() string {
	return fmt.Sprintf("sandbox.ClientSDKMerchant{MerchantID:%s ProductID:%s Secret:%s NotificationURL:%s}",
		m.MerchantID, m.ProductID, m.secretMark(), m.NotificationURL)
}

// GoString implements fmt.GoStringer without the secret.
func (m ClientSDKMerchant) GoString() string {
	return fmt.Sprintf("sandbox.ClientSDKMerchant{MerchantID:%q, ProductID:%q, Secret:%q, NotificationURL:%q}",
		m.MerchantID, m.ProductID, m.secretMark(), m.NotificationURL)
}

// Format implements fmt.Formatter so that every verb prints the redacted
// form.
func (m ClientSDKMerchant) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, m.GoString())
		return
	}
	fmt.Fprint(f, m.String())
}

// LogValue implements slog.LogValuer without the secret.
func (m ClientSDKMerchant) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_id", m.MerchantID),
		slog.String("product_id", m.ProductID),
		slog.String("secret", m.secretMark()),
		slog.String("notification_url", m.NotificationURL),
	)
}

// MarshalJSON implements json.Marshaler without the secret.
func (m ClientSDKMerchant) MarshalJSON() ([]byte, error) {
	type plain ClientSDKMerchant // without methods, so that encoding does not recurse
	p := plain(m)
	p.Secret = m.secretMark()
	return json.Marshal(p)
}

// The provider's status values the sandbox uses (all in the clientsdk
// provider's status table).
const (
	csNew      = "new"      // created, waiting for the buyer -> pending
	csComplete = "complete" // paid / paid out -> succeeded
	csFailed   = "failed"   // declined -> failed
	csExpired  = "expired"  // lifetime over, unpaid -> expired
)

// Payment flows.
const (
	csFlowRedirect = "redirect" // payment page
	csFlowCard     = "card"     // host-to-host, decided at once
	csFlowThreeDS  = "3ds"      // ACS challenge page
)

// csPayment is one payment of the sbank/PayHub side.
type csPayment struct {
	invoiceID       int64
	order           string
	amount          decimal.Decimal
	description     string
	language        string
	finishURL       string
	notificationURL string
	flow            string
	maskedPAN       string
	lifetimeSecs    int
	trigger         string // the amount's scenario trigger, "" for none
	expires         time.Time

	status    string
	errorCode string
	errorText string

	key       string // the page's URL id
	token     string // one-time token of the page's buttons
	tokenUsed bool
}

// csPayout is one withdrawal request.
type csPayout struct {
	id              int64
	order           string
	amount          decimal.Decimal
	currency        string
	maskedPAN       string
	notificationURL string
	status          string
	errorCode       string
	errorText       string
}

// clientsdkSide is the sandbox's sbank/PayHub API.
type clientsdkSide struct {
	s *Server
	m ClientSDKMerchant

	mu          sync.Mutex
	payments    map[string]*csPayment // by order
	byKey       map[string]*csPayment // by page key
	payouts     map[int64]*csPayout
	payoutOrder map[string]*csPayout
	nextInvoice int64
	nextPayout  int64
	nextWebhook int64
}

func newClientSDKSide(s *Server) *clientsdkSide {
	return &clientsdkSide{
		s:           s,
		m:           s.opts.ClientSDK,
		payments:    map[string]*csPayment{},
		byKey:       map[string]*csPayment{},
		payouts:     map[int64]*csPayout{},
		payoutOrder: map[string]*csPayout{},
		nextInvoice: 700, // after the public samples' invoices 684 and 696 (creater777/sbank README.MD; client-payment-sdk-python examples/test.py)
		nextPayout:  1500,
	}
}

func (c *clientsdkSide) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /init", c.handleInit)
	mux.HandleFunc("GET /status", c.handleStatus)
	mux.HandleFunc("GET /balance", c.handleBalance)
	mux.HandleFunc("POST /withdrawal_request", c.handleWithdraw)
	mux.HandleFunc("GET /withdrawal_request", c.handleWithdrawalStatus)
	mux.HandleFunc("GET "+csPagePath+"{key}", c.handlePage)
	mux.HandleFunc("POST "+csPagePath+"{key}", c.handleAction)
	mux.HandleFunc(csACSPath, c.handleACS)
	mux.HandleFunc("GET "+csFinishPath+"{key}", c.handleFinishPage)
}

// paymentStatus returns p's status, expiring it first if its lifetime is
// over. c.mu must be held.
func (c *clientsdkSide) paymentStatus(p *csPayment) string {
	if p.status == csNew && !c.s.opts.Now().Before(p.expires) {
		p.status = csExpired
		p.errorCode, p.errorText = "expired", "payment lifetime is over"
	}
	return p.status
}

// ClientSDKPayment reports the provider's status value of the sbank/PayHub
// payment with the merchant's order id: "new" (waiting for the buyer),
// "complete" (paid), "failed" (declined) or "expired" (its lifetime is
// over). ok is false when the sandbox has no such order.
func (s *Server) ClientSDKPayment(order string) (status string, ok bool) {
	c := s.cs
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.payments[order]
	if p == nil {
		return "", false
	}
	return c.paymentStatus(p), true
}

// ClientSDKWithdrawal reports the status value of the sbank/PayHub payout
// with the merchant's order id: "complete" or "failed" (payouts are
// settled when they are requested). ok is false when there is none.
func (s *Server) ClientSDKWithdrawal(order string) (status string, ok bool) {
	c := s.cs
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.payoutOrder[order]
	if w == nil {
		return "", false
	}
	return w.status, true
}

// ClientSDKBalance returns the sbank/PayHub merchant's balance in currency
// (an ISO 4217 code such as "RUB"): paid payments minus payouts that did
// not fail.
func (s *Server) ClientSDKBalance(currency string) decimal.Decimal {
	c := s.cs
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.balance(currency)
}

// balance computes the balance in currency. c.mu must be held.
func (c *clientsdkSide) balance(currency string) decimal.Decimal {
	total := decimal.Zero
	if currency == "RUB" {
		for _, p := range c.payments {
			if p.status == csComplete {
				total = total.Add(p.amount)
			}
		}
	}
	for _, w := range c.payouts {
		if w.currency == currency && w.status != csFailed {
			total = total.Sub(w.amount)
		}
	}
	return total
}

// randomHex returns n random bytes as hex, for page keys and tokens.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b)
}
