package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/paykit/payments"
	"github.com/paykit/payments/robokassa"
	"github.com/shopspring/decimal"
)

// robokassaSide is the sandbox's Robokassa: the payment page, the XML
// interface, the Refund and Invoice APIs, and their state.
type robokassaSide struct {
	s    *Server
	shop RobokassaShop

	mu        sync.Mutex
	payments  map[int64]*rkPayment
	tokens    map[string]int64 // one-time page tokens -> InvId
	opKeys    map[string]int64
	refunds   map[string]*rkRefund
	invoices  map[string]*rkInvoice // by id and by encoded id
	nextInvID int64

	signer *rkSigner // signs ResultUrl2 notifications
}

// rkPayment is one invoice on the payment page.
type rkPayment struct {
	invID       int64
	outSum      decimal.Decimal // in the shop's currency (RUB)
	shown       string          // the amount as the buyer saw it ("10.00 USD")
	trigger     string          // the scenario trigger of OutSum as sent
	description string          // as sent
	email       string          // as sent
	culture     string          // as sent
	incCurr     string          // IncCurrLabel as sent
	isTest      bool            // IsTest=1
	hold        bool            // StepByStep
	recurring   bool            // Recurring=true: the parent of later charges
	again       string          // the one-time token of Pay again after a decline (robokassa_again.go)
	parent      int64           // the parent's InvId of a recurring charge
	shp         []rkShp         // as sent, sorted by name
	resultURL2  string          // ResultUrl2: where the JWS notifications go
	success     rkTarget        // SuccessUrl2 and its method, or empty
	fail        rkTarget        // FailUrl2 and its method, or empty
	invoice     *rkInvoice      // the Invoice API invoice it pays, if any
	state       int             // OpStateExt state code
	created     time.Time       // when first shown
	stateDate   time.Time       // when the state last changed
	opKey       string          // set when paid
	refunded    decimal.Decimal // total refunded
	tokens      []string        // outstanding page tokens
	delivered   int             // ResultURL notifications the shop accepted
	delivered2  int             // ResultUrl2 notifications the shop accepted
	held        decimal.Decimal // the amount held by StepByStep
	heldUntil   time.Time       // when an uncaptured hold is cancelled
	receipts    []RobokassaReceipt
}

type rkShp struct{ name, value string }

type rkTarget struct{ url, method string }

// rkRefund is one Refund API request.
type rkRefund struct {
	id     string
	invID  int64
	amount decimal.Decimal
	label  string
}

func newRobokassaSide(s *Server) (*robokassaSide, error) {
	signer, err := newRKSigner(s.opts.Robokassa.MerchantLogin, s.opts.Now())
	if err != nil {
		return nil, err
	}
	return &robokassaSide{
		signer:    signer,
		s:         s,
		shop:      s.opts.Robokassa,
		payments:  make(map[int64]*rkPayment),
		tokens:    make(map[string]int64),
		opKeys:    make(map[string]int64),
		refunds:   make(map[string]*rkRefund),
		invoices:  make(map[string]*rkInvoice),
		nextInvID: 1000000,
	}, nil
}

// Paths of the Robokassa side. The payment page, the XML interface and the
// APIs use Robokassa's own paths (https://docs.robokassa.ru/script-parameters/,
// https://docs.robokassa.ru/xml-interfaces, https://docs.robokassa.ru/invoice-api,
// https://docs.robokassa.ru/refund-api); the
// buttons of the payment page post to the sandbox's own paths.
const (
	rkPathIndex      = "/Merchant/Index.aspx"
	rkPathPay        = "/Merchant/sandbox/pay"
	rkPathDecline    = "/Merchant/sandbox/decline"
	rkPathAgain      = "/Merchant/sandbox/again"
	rkPathXML        = "/Merchant/WebService/Service.asmx/"
	rkPathInvoicePay = "/merchant/Invoice/"
	rkPathRefund     = "/RefundService/Refund/"
	rkPathInvoiceAPI = "/InvoiceServiceWebApi/api/"
	rkPathConfirm    = "/Merchant/Payment/Confirm"
	rkPathCancel     = "/Merchant/Payment/Cancel"
	rkPathRecurring  = "/Merchant/Recurring"
	rkPathDirect     = "/Merchant/Payment/DirectPayment"
	rkPathFiscal     = "/RoboFiscal/Receipt/"
	// RobokassaCertificatePath is where the sandbox publishes the
	// certificate of its ResultUrl2 signing key (PEM), at the path
	// Robokassa publishes its own: https://docs.robokassa.ru/media/files/jwtsign.cer.
	RobokassaCertificatePath = "/media/files/jwtsign.cer"
)

func (rk *robokassaSide) routes(mux *http.ServeMux) {
	h := func(pattern string, f http.HandlerFunc) { mux.Handle(pattern, rkLimitBody(f)) }
	h("GET "+rkPathIndex, rk.index)
	h("POST "+rkPathIndex, rk.index)
	h("POST "+rkPathPay, rk.pay)
	h("POST "+rkPathDecline, rk.decline)
	h("POST "+rkPathAgain, rk.payAgain)
	h("GET "+rkPathInvoicePay+"{id}", rk.invoicePage)
	h("GET /Merchant/Invoice/{id}", rk.invoicePage)
	for _, m := range []string{"GET ", "POST "} {
		h(m+rkPathXML+"OpStateExt", rk.opStateExt)
		h(m+rkPathXML+"GetCurrencies", rk.getCurrencies)
		h(m+rkPathXML+"GetPaymentMethods", rk.getPaymentMethods)
	}
	h("POST "+rkPathRefund+"Create", rk.refundCreate)
	h("GET "+rkPathRefund+"GetState", rk.refundGetState)
	h("POST "+rkPathInvoiceAPI+"CreateInvoice", rk.createInvoice)
	h("POST "+rkPathInvoiceAPI+"DeactivateInvoice", rk.deactivateInvoice)
	h("POST "+rkPathInvoiceAPI+"GetInvoiceInformationList", rk.listInvoices)
	h("POST "+rkPathConfirm, rk.confirm)
	h("POST "+rkPathCancel, rk.cancel)
	h("POST "+rkPathRecurring, rk.recurringCharge)
	h("GET "+rkPathDirect, rk.direct)
	h("POST "+rkPathDirect, rk.direct)
	h("POST "+rkPathFiscal+"Attach", rk.receiptAttach)
	h("POST "+rkPathFiscal+"Status", rk.receiptStatus)
	h("GET "+RobokassaCertificatePath, rk.certificate)
}

// rkMaxBody limits every request body the Robokassa side reads.
const rkMaxBody = 64 << 10

// rkLimitBody limits the request body to rkMaxBody.
func rkLimitBody(f http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, rkMaxBody)
		}
		f(w, r)
	})
}

func (rk *robokassaSide) now() time.Time { return rk.s.opts.Now() }

// password1 and password2 return the live or test password.
func (rk *robokassaSide) password1(test bool) string {
	if test {
		return rk.shop.TestPassword1
	}
	return rk.shop.Password1
}

func (rk *robokassaSide) password2(test bool) string {
	if test {
		return rk.shop.TestPassword2
	}
	return rk.shop.Password2
}

// opKey returns the OpKey of a paid invoice, derived from the shop and the
// InvId so that a test run is reproducible, in the shape of the public
// OpStateExt response samples ("00000000-0000-0000-0000-000000000000-0000000000").
func (rk *robokassaSide) opKey(invID int64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "opkey:%s:%d", rk.shop.MerchantLogin, invID))
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32] + "-" + h[32:42]
}

// rkGUID returns a random GUID for refund requests and invoices.
func rkGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// assignInvID returns the next InvId the sandbox assigns, one not in use.
// rk.mu must be held.
func (rk *robokassaSide) assignInvID() int64 {
	for {
		rk.nextInvID++
		if _, used := rk.payments[rk.nextInvID]; !used {
			return rk.nextInvID
		}
	}
}

// setState changes a payment's state. rk.mu must be held.
func (rk *robokassaSide) setState(p *rkPayment, state int) {
	p.state = state
	p.stateDate = rk.now()
	if state == robokassa.StatePaid && p.opKey == "" {
		p.opKey = rk.opKey(p.invID)
		rk.opKeys[p.opKey] = p.invID
	}
}

// rkRUB returns d in the shop's currency.
func rkRUB(d decimal.Decimal) payments.Money {
	return payments.Money{Amount: d, Currency: payments.RUB}
}
