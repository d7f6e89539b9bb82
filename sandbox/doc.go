// Package sandbox is a local HTTP server that behaves like Robokassa and
// like the sbank/PayHub API (the clientsdk provider) on the wire, with
// state, so that shops and libraries develop and test offline against the
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
// One server plays both providers: their paths do not collide.
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
// error 29 page or result code.
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
// webhooks, 99.99 lacks funds.
//
// # Inspecting state
//
// Tests act as the buyer without a browser ([Server.RobokassaPay],
// [Server.ClientSDKPay], and the Decline twins) and read what the sandbox
// recorded ([Server.RobokassaPayment], [Server.ClientSDKPayment],
// [Server.ClientSDKBalance], ...).
package sandbox
