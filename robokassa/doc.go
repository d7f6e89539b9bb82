// Package robokassa is the Robokassa provider for package payments: payment
// links and forms, ResultURL/SuccessURL callbacks, OpStateExt status,
// refunds, the Invoice API, split payments and the XML lists of payment
// methods. Every wire fact comes from Robokassa's public documentation
// (https://docs.robokassa.ru) or its official SDKs and CMS modules
// (robokassa/sdk-php, robokassa/cms-wordpress, robokassa/cms-opencart),
// cited in the code.
//
// # Sections
//
// Configuration. [Config] holds the merchant login, Password #1, #2 and #3,
// the separate test passwords, the shop's hash [Algorithm] (MD5, RIPEMD160,
// SHA1, SHA256, SHA384 or SHA512; required, never a fallback), the base
// URLs (HostRU, HostKZ, HostServices), the HTTP client and the default
// culture. [New] validates it and names the failing field in a
// [*ConfigError]. Passwords never print.
//
// Portable API. [*Provider] implements payments.Provider,
// payments.Refunder, payments.WebhookVerifier and payments.ReceiptSender. InitPayment makes no HTTP
// request: it returns a pending payment whose next step is the signed GET
// link, or a form to POST (Config.PostForm, or any payment with a receipt).
// The request's NotificationURL is sent as ResultUrl2, which receives
// Robokassa's JWS notification (holds are reported only there); the
// classic ResultURL notification goes to the ResultURL of the shop's
// technical settings. One payments.Client.WebhookHandler serves both.
// PaymentStatus asks OpStateExt; Refund asks OpStateExt for the OpKey (a
// read: a fault there refunds nothing and is ErrUnavailable), then the
// Refund API's Refund/Create, and for a full refund Refund/GetState;
// RefundStatus asks Refund/GetState; VerifyWebhook
// turns a ResultURL notification into a succeeded payment event, and a
// ResultUrl2 notification into an authorized (HOLD) or succeeded (OK)
// one, both acknowledged with "OK{InvId}"; SendReceipt and ReceiptStatus
// register and look up the second receipt through RoboFiscal. Robokassa has no merchant API for the
// balance or payouts, so those return errors.ErrUnsupported through the
// Client.
//
// Holds, recurring charges and method hints. Outside test mode (Robokassa
// has none of them there, so a test-mode provider declares none)
// [*Provider] also implements payments.Capturer, payments.Canceler and
// payments.Charger. InitRequest.Hold adds StepByStep=true, signed as the
// literal true after Receipt and before ResultUrl2, and needs a ResultUrl2
// (the request's NotificationURL or Config.ResultURL2), the only place
// Robokassa reports a hold; Robokassa cancels a hold after [HoldPeriod]
// (7 days), which PaymentStatus reports as Payment.HeldUntil.
// [Provider.Capture] (Merchant/Payment/Confirm, in full or in part, with a
// changed receipt) and [Provider.Cancel] (Merchant/Payment/Cancel, OutSum
// sent but not signed) first read OpStateExt and refuse a payment that is
// not held (state 20) or an amount above the hold with
// payments.ErrInvalidState before sending anything; Robokassa's
// "success: false" is ErrInvalidState too, and a fault is
// ErrOutcomeUnknown whose Advice ([CaptureAdvice], [CancelAdvice]) says
// which OpStateExt state means what. InitRequest.Recurring adds the
// unsigned Recurring=true; [Provider.Charge] posts Merchant/Recurring with
// a new InvoiceID and the parent's as PreviousInvoiceID (not signed), and
// Robokassa's OK<InvoiceID> makes a pending payment whose result arrives
// on ResultURL for the new InvoiceID ([ChargeAdvice] after a fault).
// InitRequest.PaymentMethod sends the buyer to DirectPayment with the
// method's IncCurrLabel ([Link.DirectPayment]): SBP, SberPay, Podeli, OTP,
// Yandex Pay Split and Mokka; cards are not preselected.
//
// Payment links. [Link] has every parameter of the payment interface:
// OutSum (formatted "10.00" from the decimal), InvId (optional; an empty
// field in the signature), Description (at most 100 characters),
// IncCurrLabel, Culture, Encoding, Email, ExpirationDate, OutSumCurrency
// (from the amount's currency), UserIp, IsTest (test passwords), Receipt,
// StepByStep, ResultUrl2, SuccessUrl2/FailUrl2 with their methods (signed
// raw), Token, Recurring and Shp_ parameters (signed after the password,
// sorted). [Provider.PaymentURL] builds the link allocating only its
// result; [Provider.PaymentForm] the form.
//
// Receipts. [Receipt] is 54-FZ fiscal data validated against the
// documented limits and serialised once. The signature covers exactly the
// value Robokassa sees after one level of decoding: by default the field
// carries the URL-encoded JSON and that text is signed (the documented
// way); [ReceiptRawJSON] sends and signs the JSON itself.
//
// Callbacks. [Provider.VerifyResultURL] (Password #2) and
// [Provider.VerifySuccessURL] (Password #1) check the signature over the
// values exactly as received ("10.000000", any-case shp_ prefixes, legacy
// out_summ/inv_id/crc names), in constant time and either hex case;
// [Provider.ParseFailURL] reads a FailURL redirect; [ResultAck] is the
// reply. A Shp_ name
// or value containing ':' or '=' would make the signed base string
// ambiguous (the value "hi:Shp_plan=premium" signs like two parameters):
// links, forms, invoices and split payments refuse it with
// payments.ErrInvalidRequest, and the verifiers refuse a callback carrying
// one with payments.ErrInvalidSignature.
//
// Webhook events. [Provider.VerifyWebhook] reads at most [MaxWebhookBytes]
// of a GET query or POST body. The event's ID is
// "result:<MerchantLogin>:<InvId>" ("result:test:…" in test mode), each
// part query-escaped, so shops sharing one event store never collide.
// Only OutSum, InvId and the Shp_ parameters are signed: Event.Raw keeps
// them (and SignatureValue) under their names and every other field under
// [UnsignedPrefix] ("unsigned:Fee", "unsigned:EMail", "unsigned:IsTest"),
// and Event.Fee stays zero.
//
// ResultUrl2. [Provider.VerifyResultURL2] checks the RS256 JWS that
// Robokassa POSTs to ResultUrl2 (https://docs.robokassa.ru/pay-interface)
// against its certificate: the current one is shipped
// ([DefaultResultURL2Certificates], https://docs.robokassa.ru/media/files/jwtsign.cer)
// and Config.ResultURL2Certificates replaces it when Robokassa rotates it
// (yearly). It makes the checks of Robokassa's official WordPress module
// (alg RS256 and typ JWT, a certificate valid at Config.Now, a timestamp
// within -7 days/+5 minutes, the shop, invId and opKey present, state OK
// or HOLD). [Provider.VerifyWebhook] tells a JWS body from a ResultURL form,
// so one handler serves both paths; a ResultUrl2 event's ID is
// "result2:<MerchantLogin>:<InvId>:<state>", its Amount is incSum (what
// the buyer paid) and its Raw leaves out the OpKey, a saved-card token.
// [SignResultURL2] signs one with a key of the caller's (a sandbox, tests).
//
// Receipts after payment. [Provider.SendReceipt] sends the second
// ("settlement") receipt to RoboFiscal's Receipt/Attach
// (https://docs.robokassa.ru/second-check, Config.FiscalURL) as
// base64url(JSON) + "." + base64url(hex(H(base64url(JSON) + Password1))),
// once: a fault after sending is payments.ErrOutcomeUnknown, resolved with
// [Provider.ReceiptStatus] by the receipt id (Receipt/Status).
//
// Status. [Provider.OpState] returns the typed OpStateExt answer (state,
// payment method, IncSum, OpKey, user fields); [StateStatus] is the one
// table of state codes: 5 pending, 10 canceled, 20 authorized, 50
// processing, 60 failed (money returned to the buyer), 80 processing
// (suspended for a check), 100 succeeded. Result codes 1 and 2 are
// ErrUnauthorized, 3 ErrNotFound, 4 ErrDuplicate, 1000 ErrUnavailable.
//
// Refunds. [Provider.CreateRefund] signs a compact JWT with Password #3
// (HS256 by default; HS384, HS512) and sends it as the raw token
// ([BodyRawJWT]) or as a JSON string ([BodyJSONString]);
// [Provider.RefundState] follows it. NotEnoughOperationFunds is
// ErrInsufficientFunds, OperationNotFound ErrNotFound, AlreadyRefunded
// ErrDuplicate. A refund without an amount sends no RefundSum: Robokassa
// refunds what is left of the payment, and since its answer does not say
// how much, Refund reads Refund/GetState once for the amount and state; if
// that read fails the refund is still returned, with Amount zero until
// RefundStatus reports it.
// Without Password3, Refund returns an error wrapping
// errors.ErrUnsupported that names the setting. After an unknown outcome
// no lookup can tell whether the refund was made; the error's Advice
// ([RefundAdvice]) says to check the merchant account first.
//
// Invoices. [Provider.CreateInvoice], [Provider.DeactivateInvoice] and
// [Provider.ListInvoices] use the Invoice API with a JWT keyed
// MerchantLogin:Password1 and the shop's algorithm as "alg". The
// non-standard alg values are golang-jwt signing methods of this package
// ([SigningMethodMD5] and the others, [SigningMethodFor]), named explicitly:
// importing the package registers nothing in golang-jwt's global registry.
// An [Invoice] also takes what the official PHP SDK sends: ExpirationDate,
// Aliases, IsWithoutFreeSale and the AdditionalParameters of holds,
// recurring parents, saved cards, ResultURL2, e-mail and test invoices.
// The list comes back typed ([InvoiceList], [InvoiceInfo]).
//
// Split payments and lists. [Provider.SplitURL] and [Provider.SplitForm]
// build CreateV2 payments; [Provider.Currencies] and
// [Provider.PaymentMethods] list the shop's payment methods.
//
// Robokassa's side. [Algorithm.VerifyPaymentLink] checks a received
// payment link's signature and [Algorithm.SignNotification] signs a
// ResultURL or SuccessURL callback, over the same base strings the
// Provider signs and verifies, for code that plays Robokassa's part (the
// sandbox, tests).
//
// Errors. Every failure is a *payments.Error whose Kind is one of the
// payments sentinels, with Robokassa's own code and message; malformed XML
// or JSON is a protocol error (or outcome unknown for Refund/Create, the
// one exchange that moves money), never a panic.
package robokassa
