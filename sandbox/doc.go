// Package sandbox is a local HTTP server that behaves like Robokassa,
// like the sbank/PayHub API (the clientsdk provider) and like T-Bank
// Internet Acquiring on the wire, with state, so that shops and libraries develop and test offline against the
// real providers' packages. Import it in integration tests, or run it with
// `payments sandbox` (cmd/payments).
//
//	sb, err := sandbox.New(sandbox.Options{Robokassa: sandbox.RobokassaShop{
//		ResultURL:  "http://127.0.0.1:8080/robokassa/result",
//		SuccessURL: "http://127.0.0.1:8080/success",
//		FailURL:    "http://127.0.0.1:8080/fail",
//	}})
//	if err != nil { ... }
//	if err := sb.Start("127.0.0.1:0"); err != nil { ... }
//	defer sb.Close()
//	rk, _ := robokassa.New(sb.RobokassaConfig())   // points at sb.URL()
//	cs, _ := clientsdk.New(clientsdk.Config{BaseURL: sb.URL(),
//		MerchantID: sandbox.ClientSDKMerchantID, ProductID: sandbox.ClientSDKProductID,
//		Secret: sandbox.ClientSDKSecret, NotificationURL: "http://127.0.0.1:8080/webhooks"})
//
// One server plays every provider: their paths do not collide.
//
// # Robokassa
//
// The sandbox is one shop ([RobokassaShop]; defaults login
// [DefaultRobokassaLogin], passwords sandbox-pass1/2/3, MD5) with its
// cabinet's technical settings (ResultURL, SuccessURL, FailURL). It serves
// the payment page at Merchant/Index.aspx (GET and POST) after checking
// every parameter and the signature over the exact base string, with Pay
// and Decline buttons (ids "pay" and "decline"); on Pay it sends the signed
// ResultURL notification and retries until the shop answers OK{InvId},
// then sends the buyer to SuccessURL (FailURL on Decline). It also serves
// OpStateExt, GetCurrencies and GetPaymentMethods, the Refund API and the
// Invoice API with their JWTs checked. A wrong signature gets Robokassa's
// error 29 page or result code. Merchant/Payment/DirectPayment is the
// payment page with the IncCurrLabel method (SBP, SberPay, Podeli, OTP,
// YandexPaySplit, Mokka) preselected.
//
// # Holds
//
// A payment request with StepByStep=true (signed as the literal "true"
// after Receipt) is held on Pay: OpStateExt state 20, no ResultURL
// notification, a ResultUrl2 notification with state HOLD.
// Merchant/Payment/Confirm captures it once, in full or in part (never
// above the hold, optionally with a changed Receipt): state 100, then the
// ResultURL notification with the captured OutSum and ResultUrl2 state OK.
// Merchant/Payment/Cancel releases it (state 10). Both answer the JSON
// string "success: true" or "success: false" and refuse test payments. A
// hold left alone is cancelled after [RobokassaHoldPeriod] (7 days) on
// Options.Now; tests move time with a [Clock].
//
// # ResultUrl2
//
// A payment request with ResultUrl2 gets Robokassa's additional
// notification there: a compact RS256 JWS ({"typ":"JWT","alg":"RS256"})
// whose payload has header type PaymentStateNotification and data shop,
// opKey, invId, paymentMethod, incSum and state (HOLD or OK), POSTed and
// retried until a 2xx, at most 5 more times; none for test payments. The
// sandbox signs with an RSA-2048 key it generates when it starts and
// publishes the self-signed certificate at [RobokassaCertificatePath]
// and [Server.RobokassaCertificate]; [Server.RobokassaConfig] sets it as
// robokassa.Config.ResultURL2Certificates.
//
// # Recurring charges
//
// A payment request with Recurring=true (not signed) makes the paid
// payment a parent. Merchant/Recurring with a new InvoiceID and the
// parent's PreviousInvoiceID (not signed) answers OK<InvoiceID>, then pays
// the child in the background and sends its ResultURL notification. A
// charge of [TriggerChargeDecline] (or [TriggerDecline]) is declined
// after the OK: state 60, no notification. Anything refused (unknown or
// unpaid parent, test mode, a used InvoiceID, a bad signature) gets a body
// that does not start with OK.
//
// # Receipts after payment
//
// RoboFiscal/Receipt/Attach takes the second (settlement) receipt of a
// paid payment, base64url(JSON).base64url(hex(H(base64url(JSON) +
// Password1))), at most two receipts per operation, and answers
// {"ResultCode":"0","ResultDescription":"ok"} (1001 for a bad signature,
// 1000 with the reason otherwise); Receipt/Status reports it registered
// (Code 2). [Server.RobokassaPayment] shows the receipts a payment got,
// the first (its Receipt) and the second. RobokassaConfig points
// FiscalURL at the sandbox.
//
// # sbank/PayHub
//
// The sandbox is one merchant ([ClientSDKMerchant]; defaults
// [ClientSDKMerchantID], [ClientSDKProductID], [ClientSDKSecret]). It
// serves /init (redirect, host-to-host card and 3-D Secure 2.0 with a
// challenge page), /status, /balance and /withdrawal_request (POST and
// GET), checks every request's signature (a wrong one gets HTTP 403
// {"code":"invalid_signature"}), and sends signed webhooks to the
// notification URL, retried until the shop answers 2xx.
//
// # T-Bank
//
// The sandbox is one terminal ([TBankTerminal]; defaults
// [TBankTerminalKey] and [TBankPassword], public sandbox-only values, and
// the terminal's NotificationURL, SuccessURL and FailURL). Its API lives
// under [TBankAPIPath] with the real paths (https://securepay.tinkoff.ru/v2/<Method>,
// documented at https://www.tbank.ru/kassa/dev/payments/): Init,
// GetState, CheckOrder, Confirm, Cancel, Charge, GetQr and SbpPayTest,
// JSON in and out.
// Every request's Token is checked by the documented rule (root scalars
// plus Password, sorted by key, values concatenated, SHA-256, lower-case
// hex; nested objects such as Receipt and DATA left out); errors come with
// HTTP 200, Success false and T-Bank's ErrorCode: 204 for a wrong Token,
// 9999 for none, 205 for another terminal, 9 for a bad field, 255 and 335
// for an unknown payment or order, 8 for the wrong status, 100 and 330
// above the held or paid amount, 308 for a receipt that does not add up,
// 502 for an unknown RebillId, 623 for an OrderId already paid.
// [Server.TBankAPI] gives the base URL and terminal for the tbank provider.
//
// Init (PayType O one-stage, T two-stage; Recurrent Y with CustomerKey;
// Receipt and DATA recorded) answers a PaymentURL to the sandbox's payment
// page, which shows the order, the receipt lines and T-Bank's test cards
// (ids card-<number>, [TBankCardSuccess] preselected) with Pay and
// Decline (ids "pay" and "decline"). Opening it moves NEW to FORM_SHOWED;
// Pay moves it to CONFIRMED (AUTHORIZED for PayType T) or to the card's
// documented failure, and sends the buyer to SuccessURL or FailURL (with
// their ${...} placeholders filled). A paid recurrent parent gets a
// RebillId. Confirm captures a hold in full or in part; Cancel cancels a
// new payment (CANCELED), releases a hold (PARTIAL_REVERSED, REVERSED) or
// refunds (PARTIAL_REFUNDED, REFUNDED), and a Cancel repeating an
// ExternalRequestId does nothing more and answers the current state;
// Charge pays a plain Init's session with a RebillId at once. SBP: GetQr
// of a one-stage payment of 10 RUB to 1 000 000 RUB moves it to
// FORM_SHOWED and answers a PAYLOAD link to a page that plays the buyer's
// bank app (Pay and Reject, ids "pay" and "reject"; IMAGE answers an SVG
// of the link), and SbpPayTest plays the documented outcomes (CONFIRMED;
// IsRejected REJECTED; IsDeadlineExpired DEADLINE_EXPIRED, not notified);
// [Server.TBankSBPPay] presses the page's buttons from a test. CheckOrder
// lists every session of an OrderId (a declined attempt may be followed by
// another). Each AUTHORIZED, CONFIRMED, REJECTED, reversal, refund or
// cancellation is notified: a JSON POST to the NotificationURL, signed
// with Token (PaymentId, CardId and RebillId as numbers, the DATA values
// as the unsigned object Data), retried until the shop answers HTTP 200
// with the body exactly OK. A payment whose Init carried a Receipt is
// then fiscalised: once the first attempt at its CONFIRMED notification
// has ended, the sandbox sends T-Bank's fiscalisation notification
// (Status RECEIPT: FiscalNumber, ShiftNumber, ReceiptDatetime, FnNumber,
// EcrRegNumber, FiscalDocumentNumber, FiscalDocumentAttribute, Type
// Income, Ofd, Url to the payment's page, and the Receipt as the unsigned
// object), signed and retried the same way; a shop acknowledges it with
// OK like any other (the tbank provider's payments.EventNotice).
//
// # Pages
//
// Every page the buyer sees, Robokassa's, sbank/PayHub's and T-Bank's,
// shares one layout: a SANDBOX banner naming the provider, the order once
// (shop, order or invoice, amount, description, receipt lines), the
// trigger amounts as hints, Russian and English side by side with their
// lang attributes, and one inline stylesheet (nothing is loaded from
// elsewhere) that fits a phone's width and a desktop's. After a Robokassa
// decline without a FailURL, the sandbox's page offers Pay again: the same
// invoice's payment page, as when the shop sends the same link again.
//
// # Signature hints
//
// When a signature does not match, the sandbox (the real services say
// no more than "wrong signature") tells what it expected, every secret by
// its name and card data hidden: Robokassa's error 29 page shows the
// algorithm and the base string, such as
// MerchantLogin:OutSum:InvId:<Password #1>:Shp_order=<Shp_order>, also
// with the values received; T-Bank's ErrorCode 204 carries in Details the
// sorted keys and their values concatenated, with <Password>;
// sbank/PayHub's 403 invalid_signature adds sandbox_hint, the canonical
// payload of the HS256 signature. The sandbox's log repeats them.
//
// # Notifications
//
// After Pay or Decline the buyer is redirected once the first delivery
// attempt has ended, so the shop's order page already shows the new state;
// retries go on in the background with doubling delays (Options.Retries,
// Options.RetryDelay) until the shop accepts, the attempts are spent or
// the server closes. [Server.Close] waits for deliveries in flight.
//
// # Scenario triggers
//
// Amounts that make the sandbox fail in a chosen way are listed on
// [TriggerDecline] and its neighbours: 13.13 declines, 42.42 is
// unavailable, 66.66 leaves the outcome unknown, 77.77 duplicates
// webhooks, 99.99 lacks funds, 66.60 declines a recurring charge.
//
// On the T-Bank side they are amounts in kopecks (1313 is 13.13): 13.13
// declines Pay and Charge (REJECTED, ErrorCode 1051); 42.42 answers HTTP
// 503 to Init, Confirm or Cancel of that amount before acting; 66.66 acts
// and answers 500; 77.77 sends every notification twice; a refund of
// 99.99 is refused (3002); a Charge of 66.60 is REJECTED (1005). T-Bank's
// test cards pick the outcome on the payment page (ErrorCodes are the
// sandbox's choice; T-Bank documents none per card):
//
//	card              outcome
//	2201382000000013  paid (preselected); also 2201382000000047,
//	                  2201382000000039, 2200770239097761, 5586200071492158
//	2201382000000005  AUTH_FAIL, ErrorCode 101 (3-D Secure rejected);
//	2201382000000021  the same (not authenticated)
//	2201382000000831  REJECTED 1051 (insufficient funds) when the amount is
//	                  22.33, paid otherwise
//	5586200071499591  REJECTED 1051 above 1000 RUB, paid otherwise
//	4249170392197566  REJECTED 1051 (insufficient funds)
//	5586200071492075  REJECTED 1005 (error at debit)
//	Decline button    REJECTED 1005
//
// # Inspecting state
//
// Tests act as the buyer without a browser ([Server.RobokassaPay],
// [Server.ClientSDKPay], [Server.TBankPay], and the Decline twins) and
// read what the sandbox recorded ([Server.RobokassaPayment],
// [Server.ClientSDKPayment], [Server.TBankPayment],
// [Server.ClientSDKBalance], ...).
package sandbox
