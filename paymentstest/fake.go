package paymentstest

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/paykit/payments"
	"github.com/shopspring/decimal"
)

// Default values of [Options].
const (
	// DefaultName is the provider name of a Fake and an HTTPProvider.
	DefaultName = "fake"
	// DefaultAPIKey is the API key Fake.Handler requires.
	DefaultAPIKey = "fake-api-key"
	// DefaultWebhookSecret is the secret a Fake signs webhooks with. It is
	// public: a webhook endpoint that accepts it accepts forgeries, which
	// is why package providers opens the fake with it only when told to
	// (the unsafe_public_webhook_secret setting; see [Registration]).
	DefaultWebhookSecret = "fake-webhook-secret"
	// DefaultMerchantID identifies a Fake's merchant account.
	DefaultMerchantID = "merchant_1"
	// DefaultPayURL is the base of a Fake's payment page URLs.
	DefaultPayURL = "https://pay.fake.invalid/pay/"
)

// MaxOrderIDLength is the longest order id a Fake takes, in characters, as
// its Capabilities declare: a real provider's limit (T-Bank's OrderId takes
// 36 to 50), so that apps' tests meet one.
const MaxOrderIDLength = 64

// DeclinedCard is a card number (it passes the Luhn check) that the fake
// always declines: a direct card payment with it fails with an error wrapping
// payments.ErrDeclined and the payment is recorded as failed.
const DeclinedCard = "4000000000000002"

// DeclinedChargeAmount is the amount (in any currency) whose recurring
// charge the fake always declines: Charge fails with an error wrapping
// payments.ErrDeclined and the charge is recorded as failed.
const DeclinedChargeAmount = "66.60"

// HoldPeriod is how long the fake keeps a hold before it cancels it by
// itself (by Options.Now), as Robokassa and T-Bank do after 7 days.
const HoldPeriod = 7 * 24 * time.Hour

// paymentMethods are the payment methods the fake preselects.
var paymentMethods = []payments.PaymentMethod{payments.MethodCard, payments.MethodSBP, payments.MethodSberPay}

// Options configures a [Fake]. A nil *Options or a zero field means the
// default. APIKey and WebhookSecret are payments.Secret values, so Options
// print, log and marshal (for logs: JSON leaves out Now) without them.
type Options struct {
	// Name is the provider's name; default "fake".
	Name string `json:"name"`
	// MerchantID identifies the merchant account the fake plays; default
	// DefaultMerchantID. It is part of every webhook event's ID, so that
	// fakes with different MerchantIDs can share one payments.EventStore.
	MerchantID string `json:"merchant_id"`
	// APIKey is the key the HTTP API ([Fake.Handler]) requires as
	// "Authorization: Bearer <APIKey>"; default "fake-api-key".
	APIKey payments.Secret `json:"api_key"`
	// WebhookSecret signs and verifies webhooks; default
	// "fake-webhook-secret".
	WebhookSecret payments.Secret `json:"webhook_secret"`
	// Currencies the fake accepts for payments; default RUB, USD and EUR.
	Currencies []payments.Currency `json:"currencies"`
	// Now is the clock, for card expiry and payment expiry; default
	// time.Now.
	Now func() time.Time `json:"-"`
	// PayURL is the base of the payment page URL; a payment's redirect is
	// PayURL followed by its id. Default "https://pay.fake.invalid/pay/".
	PayURL string `json:"pay_url"`
	// DeferCharges makes recurring charges (Charge) answer pending, as
	// Robokassa's do, until the test settles them with MarkPaid or
	// MarkFailed; by default a charge succeeds at once.
	DeferCharges bool `json:"defer_charges"`
}

// Fake is a stateful in-memory payment provider for tests. It implements
// payments.Provider, payments.Refunder, payments.BalanceReader,
// payments.Withdrawer, payments.WebhookVerifier, payments.Capturer,
// payments.Canceler, payments.Charger and payments.ReceiptSender in process,
// and serves the same state over HTTP with [Fake.Handler]. It is safe for
// concurrent use.
//
// Ids are deterministic: payments (and charges) "pay_1", "pay_2"...,
// refunds "ref_1"..., payouts "wd_1"..., mandates "mandate_1"... and
// webhook deliveries "evt_1"..., counted from New. A
// verified webhook's Event.ID is the merchant account and the delivery's id,
// each query-escaped and joined by ':' ("merchant_1:evt_1").
type Fake struct {
	opts Options

	mu           sync.Mutex
	payments     map[string]*paymentRecord       // by order id
	refunds      map[string]*payments.Refund     // by refund id
	refundRefs   map[refundRef]string            // order id and reference -> refund id
	payouts      map[string]*payments.Withdrawal // by payout id
	payoutOrders map[string]string               // payout order id -> payout id
	balances     map[payments.Currency]decimal.Decimal
	seq          map[string]int // id prefix -> last number issued
	failures     map[payments.Operation][]error
	calls        map[payments.Operation]int
	receipts     map[string]*receiptRecord // by receipt id
}

// paymentRecord is the fake's state of one payment.
type paymentRecord struct {
	p         payments.Payment
	expiresAt time.Time
	refunded  decimal.Decimal
	// hold and recurring are what InitRequest asked for; receipts counts
	// the receipts sent after the payment.
	hold, recurring bool
	receipts        int
}

// New returns an empty Fake: no payments, zero balances. opts may be nil.
func New(opts *Options) *Fake {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.MerchantID == "" {
		o.MerchantID = DefaultMerchantID
	}
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.WebhookSecret == "" {
		o.WebhookSecret = DefaultWebhookSecret
	}
	o.Currencies = currenciesOrDefault(o.Currencies)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PayURL == "" {
		o.PayURL = DefaultPayURL
	}
	return &Fake{
		opts:         o,
		payments:     make(map[string]*paymentRecord),
		refunds:      make(map[string]*payments.Refund),
		refundRefs:   make(map[refundRef]string),
		payouts:      make(map[string]*payments.Withdrawal),
		payoutOrders: make(map[string]string),
		balances:     make(map[payments.Currency]decimal.Decimal),
		seq:          make(map[string]int),
		failures:     make(map[payments.Operation][]error),
		calls:        make(map[payments.Operation]int),
		receipts:     make(map[string]*receiptRecord),
	}
}

// Name implements payments.Provider.
func (f *Fake) Name() string { return f.opts.Name }

// MerchantAccount implements payments.AccountNamer: Options.MerchantID.
func (f *Fake) MerchantAccount() string { return f.opts.MerchantID }

// Capabilities implements payments.Provider: every operation, the configured
// currencies, partial refunds, receipts with payments and refunds, card
// payments, 3-D Secure, metadata with payments, refunds and payouts,
// payment lookups by order id and by its own payment id ("pay_1"), refund
// references taken as idempotency keys and looked up by, order ids of at
// most [MaxOrderIDLength] characters, holds ([HoldPeriod]) with partial
// captures and capture receipts, recurring charges, receipts after
// payment, and the payment methods card, sbp and sberpay.
func (f *Fake) Capabilities() payments.Capabilities {
	return capabilities(f.opts.Currencies)
}

// currenciesOrDefault returns a copy of currencies, or RUB, USD and EUR
// when there are none.
func currenciesOrDefault(currencies []payments.Currency) []payments.Currency {
	if len(currencies) == 0 {
		return []payments.Currency{payments.RUB, payments.USD, payments.EUR}
	}
	return slices.Clone(currencies)
}

func capabilities(currencies []payments.Currency) payments.Capabilities {
	return payments.Capabilities{
		Operations:        payments.Operations(),
		Currencies:        slices.Clone(currencies),
		PartialRefunds:    true,
		PaymentReceipts:   true,
		RefundReceipts:    true,
		CardPayments:      true,
		ThreeDS:           true,
		Metadata:          true,
		LookupByOrderID:   true,
		LookupByPaymentID: true,
		// Refund takes the reference as an idempotency key and
		// RefundStatus looks refunds up by it (refund.go).
		IdempotentRefunds:       true,
		RefundLookupByReference: true,
		RefundMetadata:          true,
		WithdrawalMetadata:      true,
		// The fake refuses longer order ids itself too (checkInit,
		// Withdraw), as a real provider would.
		MaxOrderIDLength: MaxOrderIDLength,
		// The lifecycle (lifecycle.go, fiscal.go).
		Holds:                true,
		HoldPeriod:           HoldPeriod,
		PartialCapture:       true,
		CaptureReceipts:      true,
		Recurring:            true,
		ReceiptsAfterPayment: true,
		PaymentMethods:       slices.Clone(paymentMethods),
	}
}

// String implements fmt.Stringer without secrets.
func (f *Fake) String() string { return "paymentstest.Fake{Name:" + strconv.Quote(f.opts.Name) + "}" }

// GoString implements fmt.GoStringer without secrets.
func (f *Fake) GoString() string { return f.String() }

// LogValue implements slog.LogValuer without secrets.
func (f *Fake) LogValue() slog.Value { return slog.GroupValue(slog.String("name", f.opts.Name)) }

// begin counts a call of op and returns the failure queued for it by
// FailNext, if any, or the context's error. f.mu must be held.
func (f *Fake) begin(ctx context.Context, op payments.Operation) error {
	f.calls[op]++
	if q := f.failures[op]; len(q) > 0 {
		f.failures[op] = q[1:]
		return q[0]
	}
	return ctx.Err()
}

// nextID returns the next id with prefix ("pay" -> "pay_1"). f.mu must be
// held.
func (f *Fake) nextID(prefix string) string {
	f.seq[prefix]++
	return prefix + "_" + strconv.Itoa(f.seq[prefix])
}

// fail returns the fake's own error for op.
func (f *Fake) fail(op payments.Operation, kind error, code, format string, args ...any) *payments.Error {
	return &payments.Error{Op: op, Provider: f.opts.Name, Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// refresh expires a payment whose expiry has passed while it waited for the
// buyer, and cancels a hold left for HoldPeriod. f.mu must be held.
func (f *Fake) refresh(rec *paymentRecord) {
	switch rec.p.Status {
	case payments.StatusPending, payments.StatusRequiresAction:
		if !rec.expiresAt.IsZero() && !f.opts.Now().Before(rec.expiresAt) {
			rec.p.Status = payments.StatusExpired
			rec.p.NextStep = payments.NextStep{}
		}
	case payments.StatusAuthorized:
		if !rec.p.HeldUntil.IsZero() && !f.opts.Now().Before(rec.p.HeldUntil) {
			f.expireHold(rec)
		}
	}
}

// copyPayment returns a copy of p that shares no slices or maps with it.
func copyPayment(p payments.Payment) *payments.Payment {
	p.NextStep.Fields = slices.Clone(p.NextStep.Fields)
	p.Raw = maps.Clone(p.Raw)
	return &p
}

// copyWithdrawal returns a copy of w that shares no maps with it.
func copyWithdrawal(w payments.Withdrawal) *payments.Withdrawal {
	w.Raw = maps.Clone(w.Raw)
	w.Metadata = maps.Clone(w.Metadata)
	return &w
}

// copyRefund returns a copy of r that shares no maps with it.
func copyRefund(r payments.Refund) *payments.Refund {
	r.Raw = maps.Clone(r.Raw)
	r.Metadata = maps.Clone(r.Metadata)
	return &r
}
