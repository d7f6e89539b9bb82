package robokassa

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/golang-jwt/jwt/v5"
	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Paths under Config.AuthURL and Config.ServicesURL (https://docs.robokassa.ru/script-parameters/, https://docs.robokassa.ru/xml-interfaces,
// https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api, https://docs.robokassa.ru/split-payments).
const (
	pathPayment  = "/Merchant/Index.aspx"
	pathXML      = "/Merchant/WebService/Service.asmx/"
	pathSplit    = "/Merchant/Payment/CreateV2"
	pathInvoice  = "/InvoiceServiceWebApi/api/"
	pathRefund   = "/RefundService/Refund/Create"
	pathRefundSt = "/RefundService/Refund/GetState"
)

// Provider is the Robokassa payment provider. It implements
// payments.Provider, payments.Refunder, payments.WebhookVerifier,
// payments.Capturer, payments.Canceler and payments.Charger, and
// has Robokassa's own extras (payment links and forms with every parameter,
// split payments, invoices, OpStateExt, currencies). It is safe for
// concurrent use. Robokassa has no merchant API for the balance or payouts
// (its documentation describes none), so Provider does not implement payments.BalanceReader
// or payments.Withdrawer and the Client returns errors.ErrUnsupported.
type Provider struct {
	cfg           Config
	paymentURL    string
	refundMethod  jwt.SigningMethod
	invoiceMethod jwt.SigningMethod
	// url2Certs verify ResultUrl2 notifications (resulturl2_verify.go).
	url2Certs []*x509.Certificate
}

var (
	_ payments.Provider        = (*Provider)(nil)
	_ payments.Refunder        = (*Provider)(nil)
	_ payments.WebhookVerifier = (*Provider)(nil)
	_ payments.Capturer        = (*Provider)(nil)
	_ payments.Canceler        = (*Provider)(nil)
	_ payments.Charger         = (*Provider)(nil)
)

// New validates cfg and returns a Provider.
func New(cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	rm, err := refundMethod(cfg.RefundAlgorithm)
	if err != nil {
		return nil, err
	}
	certs := cfg.ResultURL2Certificates
	if certs == "" {
		certs = DefaultResultURL2Certificates()
	}
	url2Certs, err := parseResultURL2Certs(certs)
	if err != nil {
		return nil, &ConfigError{Field: "ResultURL2Certificates", Reason: err.Error()}
	}
	return &Provider{
		cfg:           cfg,
		paymentURL:    cfg.AuthURL + pathPayment,
		refundMethod:  rm,
		invoiceMethod: invoiceMethod(cfg.Algorithm),
		url2Certs:     url2Certs,
	}, nil
}

// Name returns "robokassa".
func (p *Provider) Name() string { return Name }

// MerchantAccount implements payments.AccountNamer: the MerchantLogin,
// after "test:" in test mode (whose payments are separate), as in event
// ids.
func (p *Provider) MerchantAccount() string {
	if p.cfg.TestMode {
		return "test:" + p.cfg.MerchantLogin
	}
	return p.cfg.MerchantLogin
}

// Capabilities declares refunds, refund status and webhook verification,
// payments in the shop's currency, partial refunds, receipts with payments
// and with refunds, metadata (Shp_ parameters), numeric order ids (InvId)
// and descriptions of at most 100 characters. MaxOrderIDLength is zero:
// InvId is a number, bounded by NumericOrderIDs rather than by a length
// (https://docs.robokassa.ru/script-parameters/).
//
// Outside test mode it also declares holds (capture, partial capture with a
// changed receipt, cancel; HoldPeriod), recurring charges and the
// payment-method hints of DirectPayment (see Capture, Cancel, Charge and
// InitPayment); Robokassa has none of them in test mode. In either mode it
// declares receipts after payment (SendReceipt, ReceiptStatus).
//
// Refunds are declared whether or not Config.Password3 is set: Robokassa
// has refunds, and without Password3 Refund itself returns an error
// wrapping errors.ErrUnsupported that names the missing setting (a Client
// would otherwise refuse before it with a bare "not supported").
func (p *Provider) Capabilities() payments.Capabilities {
	c := payments.Capabilities{
		Operations:      []payments.Operation{payments.OpRefund, payments.OpRefundStatus, payments.OpVerifyWebhook},
		Currencies:      []payments.Currency{p.cfg.Currency},
		PartialRefunds:  true,
		PaymentReceipts: true,
		RefundReceipts:  true,
		Metadata:        true,
		NumericOrderIDs: true,
		MaxDescription:  MaxDescription,
		// OpStateExt finds an invoice by InvId only.
		LookupByOrderID: true,
	}
	p.lifecycleCapabilities(&c)
	fiscalCapabilities(&c)
	return c
}

// Config returns the provider's configuration with defaults filled in.
// It holds the passwords; it prints redacted.
func (p *Provider) Config() Config { return p.cfg }

// String describes the provider without its passwords.
func (p *Provider) String() string { return fmt.Sprintf("robokassa.Provider{%+v}", p.cfg) }

// GoString is String.
func (p *Provider) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints the redacted form.
func (p *Provider) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, p.String()) }

// LogValue implements slog.LogValuer without the passwords.
func (p *Provider) LogValue() slog.Value { return slog.AnyValue(p.cfg) }

// parseInvID parses a portable order id as Robokassa's InvId.
func parseInvID(op payments.Operation, orderID string) (int64, error) {
	n, err := strconv.ParseInt(orderID, 10, 64)
	if err != nil || n <= 0 || orderID[0] == '+' || orderID[0] == '0' {
		return 0, invalidf(op, "order id %q is not a positive integer (Robokassa InvId)", orderID)
	}
	return n, nil
}

// InitPayment returns a pending payment whose next step sends the buyer to
// Robokassa's payment page; it makes no HTTP request. The step is a GET
// redirect to the signed link, or a form to POST when Config.PostForm is set
// or the payment has a receipt. Request fields map to link parameters:
// OrderID to InvId, Amount to OutSum, Description, Email, Language to
// Culture (default Config.Culture), ExpiresAt to ExpirationDate,
// SuccessURL and FailURL to SuccessUrl2 and FailUrl2 (method GET),
// Metadata to Shp_ parameters and Receipt to Receipt. Hold adds
// StepByStep=true with a ResultUrl2 (NotificationURL, or Config.ResultURL2),
// Recurring adds Recurring=true, and PaymentMethod sends the buyer to
// DirectPayment with its IncCurrLabel (see Link.DirectPayment). A hold
// with a method hint, a hold without ResultUrl2 and a recurring parent
// with a method hint are ErrInvalidRequest; a hold, a recurring parent or
// a hint in test mode wraps errors.ErrUnsupported.
//
// NotificationURL is sent as ResultUrl2 (signed raw, after StepByStep):
// Robokassa POSTs its JWS notification there, which VerifyWebhook
// verifies (https://docs.robokassa.ru/pay-interface, "Дополнительное
// оповещение об оплате на ResultUrl2"), on top of the classic ResultURL
// notification to the ResultURL of the shop's technical settings. One
// handler of payments.Client.WebhookHandler serves both paths. Robokassa
// sends no ResultUrl2 notification in test mode.
func (p *Provider) InitPayment(_ context.Context, req *payments.InitRequest) (*payments.Payment, error) {
	const op = payments.OpInitPayment
	if req == nil {
		return nil, invalidf(op, "nil request")
	}
	inv, err := parseInvID(op, req.OrderID)
	if err != nil {
		return nil, err
	}
	l := &Link{
		Amount:         req.Amount,
		InvID:          inv,
		Description:    req.Description,
		Culture:        req.Language,
		Email:          req.Email,
		ExpirationDate: req.ExpiresAt,
		IsTest:         p.cfg.TestMode,
		SuccessURL2:    req.SuccessURL,
		FailURL2:       req.FailURL,
		ResultURL2:     req.NotificationURL,
		Shp:            req.Metadata,
	}
	// A language tag's primary subtag is Robokassa's culture ("en-US" is
	// "en"); the payment page has ru, en and kk (Kazakh shops), per the
	// Culture parameter of https://docs.robokassa.ru/script-parameters/; any
	// other language leaves the shop's default.
	l.Culture = providerkit.Language(req.Language, "ru", "en", "kk")
	if l.Culture == "" {
		l.Culture = p.cfg.Culture
	}
	if l.SuccessURL2 != "" {
		l.SuccessURL2Method = "GET"
	}
	if l.FailURL2 != "" {
		l.FailURL2Method = "GET"
	}
	if req.Receipt != nil {
		l.Receipt = receiptFromCore(req.Receipt)
	}
	if err := p.applyLifecycle(req, l); err != nil {
		return nil, err
	}
	var step payments.NextStep
	if p.cfg.PostForm || l.Receipt != nil {
		step, err = p.PaymentForm(l)
	} else {
		var u string
		u, err = p.PaymentURL(l)
		step = payments.NextStep{Kind: payments.NextRedirect, URL: u}
	}
	if err != nil {
		return nil, providerkit.Stamp(Name, op, err)
	}
	return &payments.Payment{
		OrderID:  req.OrderID,
		Status:   payments.StatusPending,
		Amount:   req.Amount,
		NextStep: step,
	}, nil
}
