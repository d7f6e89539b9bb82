package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/paykit/payments"
)

// Sandbox credentials of the T-Bank side, used when Options.TBank leaves
// them empty. They are public, sandbox-only values: the fake DEMO terminal
// of the library's T-Bank fixtures, never a real terminal.
const (
	// TBankTerminalKey is the sandbox's default TerminalKey.
	TBankTerminalKey = "1700000000000DEMO"
	// TBankPassword is the sandbox's default terminal password.
	TBankPassword = "Golden_tbank_pw1"
)

// Paths of the T-Bank side. The API mirrors the real paths under a prefix
// (https://securepay.tinkoff.ru/v2/<Method>, https://www.tbank.ru/kassa/dev/payments/).
const (
	// TBankAPIPath is the prefix of the sandbox's T-Bank API: point the
	// provider's base URL at Server.URL() + TBankAPIPath.
	TBankAPIPath = "/tbank/v2"
	tbPagePath   = "/tbank/pay/"    // GET: payment page; POST: Pay/Decline
	tbResultPath = "/tbank/result/" // result page when a payment has no Success/FailURL
)

// TBankTerminal is the one terminal the sandbox's T-Bank side accepts.
// Empty TerminalKey and Password get the TBank* defaults. Its Password is
// a payments.Secret: every fmt verb, slog and JSON show it redacted.
type TBankTerminal struct {
	// TerminalKey is the TerminalKey requests must carry.
	TerminalKey string
	// Password signs requests and notifications (it is never sent).
	Password payments.Secret
	// NotificationURL, SuccessURL and FailURL are the terminal's settings,
	// used when Init names none. An empty NotificationURL means payments
	// whose Init names none get no notification.
	NotificationURL, SuccessURL, FailURL string
}

func (t TBankTerminal) withDefaults() TBankTerminal {
	if t.TerminalKey == "" {
		t.TerminalKey = TBankTerminalKey
	}
	if t.Password == "" {
		t.Password = TBankPassword
	}
	return t
}

// TBankAPI is where and as whom a T-Bank client reaches the sandbox: plain
// values for the tbank provider's configuration. Its Password is a
// payments.Secret, so it never prints.
type TBankAPI struct {
	// BaseURL replaces https://securepay.tinkoff.ru/v2 (no trailing slash).
	BaseURL string
	// TerminalKey and Password are the sandbox terminal's.
	TerminalKey string
	Password    payments.Secret
}

// TBankAPI returns the sandbox's T-Bank base URL and terminal.
func (s *Server) TBankAPI() TBankAPI {
	return TBankAPI{BaseURL: s.URL() + TBankAPIPath, TerminalKey: s.tb.t.TerminalKey, Password: s.tb.t.Password}
}

// T-Bank payment statuses the sandbox uses (OAS «Статусная модель платежа»,
// https://www.tbank.ru/kassa/dev/payments/).
const (
	tbNew             = "NEW"
	tbFormShowed      = "FORM_SHOWED"
	tbAuthorized      = "AUTHORIZED"
	tbConfirmed       = "CONFIRMED"
	tbReversed        = "REVERSED"
	tbPartialReversed = "PARTIAL_REVERSED"
	tbRefunded        = "REFUNDED"
	tbPartialRefunded = "PARTIAL_REFUNDED"
	tbCanceled        = "CANCELED"
	tbRejected        = "REJECTED"
	tbAuthFail        = "AUTH_FAIL"
	tbDeadlineExpired = "DEADLINE_EXPIRED"
)

// tbDefaultLifetime is how long a payment link lives without
// RedirectDueDate (24 h for a payment, https://www.tbank.ru/kassa/dev/payments/ /v2/Init).
const tbDefaultLifetime = 24 * time.Hour

// tbPayment is one payment session of the T-Bank side.
type tbPayment struct {
	id              int64
	order           string
	amount          int64 // Init amount, kopecks
	description     string
	twoStage        bool
	recurrent       bool
	customerKey     string
	notificationURL string
	successURL      string
	failURL         string
	language        string
	receipt         json.RawMessage
	data            map[string]string
	trigger         string
	expires         time.Time

	status     string
	errorCode  string
	message    string
	held       int64 // AUTHORIZED amount still held
	paid       int64 // CONFIRMED amount not refunded
	refunded   int64
	card       string // masked PAN of the card used
	cardID     int64
	rebillID   string // issued when a recurrent parent is paid
	chargedBy  string // the RebillId a child was charged with
	cancels    map[string]tbCancelResult
	key, token string
	tokenUsed  bool
	sbp        bool // GetQr issued a QR code (tbank_sbp.go)
}

// tbCancelResult is what a Cancel with an ExternalRequestId did.
type tbCancelResult struct{ original, newAmount int64 }

// tbankSide is the sandbox's T-Bank Internet Acquiring API.
type tbankSide struct {
	s *Server
	t TBankTerminal

	mu      sync.Mutex
	byID    map[int64]*tbPayment
	byKey   map[string]*tbPayment
	orders  map[string][]*tbPayment // sessions per OrderId, oldest first
	rebills map[string]*tbPayment   // recurrent parents by RebillId
	nextID  int64
	nextReb int64
	nextCID int64
}

func newTBankSide(s *Server) *tbankSide {
	return &tbankSide{
		s:       s,
		t:       s.opts.TBank,
		byID:    map[int64]*tbPayment{},
		byKey:   map[string]*tbPayment{},
		orders:  map[string][]*tbPayment{},
		rebills: map[string]*tbPayment{},
		nextID:  7003551233, // the first payment is the fixtures' 7003551234
		nextReb: 1741204285535,
		nextCID: 412345677,
	}
}

func (b *tbankSide) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+TBankAPIPath+"/Init", b.handleInit)
	mux.HandleFunc("POST "+TBankAPIPath+"/GetState", b.handleGetState)
	mux.HandleFunc("POST "+TBankAPIPath+"/CheckOrder", b.handleCheckOrder)
	mux.HandleFunc("POST "+TBankAPIPath+"/Confirm", b.handleConfirm)
	mux.HandleFunc("POST "+TBankAPIPath+"/Cancel", b.handleCancel)
	mux.HandleFunc("POST "+TBankAPIPath+"/Charge", b.handleCharge)
	mux.HandleFunc("GET "+tbPagePath+"{key}", b.handlePage)
	mux.HandleFunc("POST "+tbPagePath+"{key}", b.handleAction)
	mux.HandleFunc("GET "+tbResultPath+"{key}", b.handleResult)
	b.sbpRoutes(mux) // tbank_sbp.go
}

// state returns p's status, expiring an unpaid session past its
// RedirectDueDate first. b.mu must be held.
func (b *tbankSide) state(p *tbPayment) string {
	if (p.status == tbNew || p.status == tbFormShowed) && !b.s.opts.Now().Before(p.expires) {
		p.status, p.errorCode, p.message = tbDeadlineExpired, "0", "payment link expired"
	}
	return p.status
}

// TBankPaymentState is what the sandbox recorded of a T-Bank payment.
type TBankPaymentState struct {
	PaymentID, OrderID, Status, ErrorCode string
	// Amount is the Init amount, Held the amount still held (two-stage),
	// Paid the confirmed amount not refunded, Refunded the refunded total;
	// all in kopecks.
	Amount, Held, Paid, Refunded int64
	// TwoStage is PayType T; Recurrent is Recurrent Y.
	TwoStage, Recurrent bool
	// RebillID is issued when a recurrent parent is paid; ChargedBy is the
	// RebillId a Charge used.
	RebillID, ChargedBy string
	// Receipt is the Init receipt as received (nil for none).
	Receipt json.RawMessage
	// Data is the Init DATA object's string values.
	Data map[string]string
}

// TBankPayment reports the T-Bank payment with the given PaymentId; ok is
// false when there is none.
func (s *Server) TBankPayment(paymentID string) (st TBankPaymentState, ok bool) {
	b := s.tb
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.lookup(paymentID)
	if p == nil {
		return st, false
	}
	return TBankPaymentState{
		PaymentID: fmt.Sprint(p.id), OrderID: p.order, Status: b.state(p), ErrorCode: p.errorCode,
		Amount: p.amount, Held: p.held, Paid: p.paid, Refunded: p.refunded,
		TwoStage: p.twoStage, Recurrent: p.recurrent, RebillID: p.rebillID, ChargedBy: p.chargedBy,
		Receipt: p.receipt, Data: p.data,
	}, true
}

// lookup returns the payment with PaymentId text id. b.mu must be held.
func (b *tbankSide) lookup(id string) *tbPayment {
	var n int64
	if _, err := fmt.Sscan(id, &n); err != nil || fmt.Sprint(n) != id {
		return nil
	}
	return b.byID[n]
}
