// Package tbank is the T-Bank (formerly Tinkoff) Internet Acquiring
// provider, API v2 («Прием платежей»,
// https://www.tbank.ru/kassa/dev/payments/index.html and
// https://developer.tbank.ru/eacq/intro/developer/openapi), written only
// on the public kit (package payments and package providerkit).
//
//	p, err := tbank.New(tbank.Config{
//		TerminalKey: "1700000000000DEMO",
//		Password:    payments.Secret(os.Getenv("TBANK_PASSWORD")),
//		RootCAs:     russianTrustedRootPEM, // see TLS below
//	})
//	client, err := payments.New(p, nil)
//
// or by configuration: PAYMENTS_PROVIDER=tbank with TBANK_TERMINAL_KEY,
// TBANK_PASSWORD (or TBANK_PASSWORD_FILE), TBANK_BASE_URL, TBANK_TAXATION
// and TBANK_ROOT_CAS (see [Registration]).
//
// # Operations
//
//   - InitPayment: POST /v2/Init. One-stage (PayType "O"), or two-stage
//     (PayType "T") with InitRequest.Hold; a recurring parent (Recurrent
//     "Y", CustomerKey = the order id, DATA.OperationInitiatorType "1")
//     with InitRequest.Recurring. Payment.ID is T-Bank's PaymentId; the next
//     step is a GET redirect to PaymentURL.
//   - PaymentStatus: GetState by PaymentId, or CheckOrder by OrderId and
//     then GetState of one session. An order can hold several sessions
//     (retries with the same OrderId); the chosen one is the most advanced
//     (paid, held, in progress, waiting, cancelled, failed, in that order)
//     and, among equals, the one with the greatest PaymentId.
//   - Capture: Confirm, full or partial, with a changed receipt.
//   - Cancel: Cancel without Amount, of a hold only (a Cancel of a paid
//     payment would refund it, so the payment is read first).
//   - Refund: Cancel of a paid payment, full or partial, with the refunded
//     receipt lines and ExternalRequestId = RefundRequest.Reference, which
//     T-Bank answers a repeat of with the first refund's state
//     (Capabilities.IdempotentRefunds). Refund.ID is "PaymentId/Reference".
//     T-Bank ignores ExternalRequestId for SBP payments, so their refunds
//     (GetState Source qrsbp) are errors.ErrUnsupported and send nothing.
//     RefundStatus by that id reports the payment's refund state; T-Bank
//     has no lookup of one refund, so RefundLookupByReference is not
//     declared.
//   - Charge: Init of a new session (OperationInitiatorType "R"), then
//     Charge with the parent's RebillId (ChargeRequest.Mandate). The
//     RebillId arrives in the parent's AUTHORIZED or CONFIRMED notification
//     (Event.Mandate).
//   - Notifications: VerifyWebhook (see Notifications).
//   - SBP (Система быстрых платежей) by QR code: InitPayment with
//     InitRequest.PaymentMethod payments.MethodSBP sends Init and then
//     GetQr (DataType PAYLOAD); the next step is a GET redirect to the QR
//     payload (https://qr.nspk.ru/…), which opens the bank app on a phone,
//     and Payment.Raw[RawQRPayload] keeps it for a desktop page to draw as
//     a QR code ([Provider.QRImage] returns T-Bank's SVG instead). SBP
//     payments are one-stage and at least 10 RUB: a hold or a recurring
//     parent is refused with errors.ErrUnsupported, a smaller amount with
//     payments.ErrInvalidRequest, before anything is sent. GetQr moves no
//     money: when it fails after Init, the error has GetQr's kind (never
//     payments.ErrOutcomeUnknown) and names the PaymentId of the session
//     left unpaid. [Provider.SBPPayTest] plays the buyer on a DEMO
//     terminal (SbpPayTest).
//
// Not implemented: card data and 3-D Secure
// (FinishAuthorize, PCI DSS merchants), saved cards and customers,
// SendClosingReceipt, payouts and balances.
//
// # Token
//
// Every request and notification is signed with a Token: SHA-256 over the
// root scalar values sorted by key, with the terminal Password added (see
// [Token]). Requests are signed over the very map that is sent, so that
// every scalar sent (Recurrent, PayType, RedirectDueDate, ...) is in it.
//
// # Errors
//
// T-Bank answers refusals with HTTP 200, Success false and an ErrorCode.
// The codes map onto the payments kinds (bad token and terminal
// ErrUnauthorized, unknown payment or order ErrNotFound, a status that
// does not allow the operation ErrInvalidState, a repeated order
// ErrDuplicate, insufficient funds, issuer declines, validation, rate
// limits, try-later, features off ErrUnsupported); *payments.Error keeps
// T-Bank's code and message. Internal failures ("3", "9999", "1018", ...)
// and codes this package does not know are payments.ErrOutcomeUnknown on
// a request that may move money, and on a read ErrUnavailable or
// ErrProtocol.
//
// # Notifications
//
// T-Bank POSTs a JSON object to NotificationURL. VerifyWebhook checks its
// Token in constant time over the values exactly as received (numbers as
// sent, booleans as true/false, nested objects such as Data left out),
// refuses a body with a repeated key, and reads keys case-sensitively, so
// that "DATA" and "Data" never mix. The acknowledgement is HTTP 200 with
// the body exactly OK. Event.ID is TerminalKey/PaymentId/Status/Amount,
// and MerchantAccount is the TerminalKey, so terminals sharing one event
// store never collide. Notifications that change no payment (fiscal
// receipts, RECEIPT; card and SBP account bindings, LINKCARD and
// LINKACCOUNT) verify the same way and become payments.EventNotice
// events, which payments.Client.WebhookHandler acknowledges with OK
// without calling the app, so that T-Bank does not send them again. A
// notification with an OrderId and a payment Status is always a payment
// event, whatever NotificationType it carries.
//
// # Receipts
//
// Receipts (54-FZ) go with Init, Confirm and Cancel: FFD 1.05 by default,
// FFD 1.2 with Config.FFDVersion (PaymentMethod and PaymentObject
// defaulted; MeasurementUnit per line from ReceiptItem.MeasurementUnit,
// else Config.MeasurementUnit, else "шт"). Up to 100
// lines, Price × Quantity = Amount exactly, Email or Phone required, Tax
// one of none, vat0, vat5, vat7, vat10, vat20, vat22, vat105, vat107,
// vat110, vat120, vat122. The tax system is Receipt.TaxSystem or
// Config.Taxation. Marking codes are refused.
//
// # TLS
//
// T-Bank's API hosts present certificates issued under the Russian
// Trusted Root CA (Минцифры, https://developer.tbank.ru/eacq/intro/certificates/),
// which many default trust stores lack: requests then fail before any API
// answer. Give that root as PEM in Config.RootCAs (TBANK_ROOT_CAS); it is
// added to the system's roots. Certificate verification is never switched
// off.
//
// # Testing
//
// DEMO terminals (keys ending in DEMO) use the production URL; working
// terminals test on TestBaseURL from allow-listed addresses. The sandbox
// package speaks T-Bank on the wire for offline tests.
package tbank
