// Package conformance is the shared test suite that proves a payment
// provider means the same thing by the same words as every other provider.
// Run it from a provider's own tests:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Harness{
//			Name: "myprovider",
//			NewProvider: func(t *testing.T, rt http.RoundTripper) payments.Provider {
//				p, err := myprovider.New(myprovider.Config{
//					APIKey:     "test-key",
//					HTTPClient: &http.Client{Transport: rt},
//				})
//				if err != nil {
//					t.Fatal(err)
//				}
//				return p
//			},
//			Secrets: []string{"test-key"},
//		})
//	}
//
// # Scenarios
//
// Each scenario is a named subtest whose name says the rule it checks. Some
// need no network (validation, declared capabilities, unsupported
// operations, context cancellation, webhooks); the others replay recorded
// HTTP exchanges from FixtureDir/<scenario>.json. Every scenario uses fixed
// inputs, in Harness.Currency, so that fixtures can be recorded once:
//
//	init_redirect              InitPayment order "1001", 10.00, description "Order 1001",
//	                           e-mail buyer@example.com, language "en",
//	                           success/fail https://shop.example/success|fail,
//	                           notification https://shop.example/webhooks
//	                           -> pending or requires_action, with a next step
//	init_card (CardPayments)   InitPayment order "1010", 10.00, card 4111111111111111
//	                           12/2030 CVC 123 -> not failed
//	init_3ds (ThreeDS)         InitPayment order "1011", 10.00, the same card and
//	                           BrowserData (see ThreeDSBrowser) -> not failed
//	status_pending             PaymentStatus "1001" -> pending
//	status_succeeded           PaymentStatus "1002" -> succeeded, amount 10.00
//	status_failed              PaymentStatus "1003" -> failed or canceled
//	status_not_found           PaymentStatus "1999" -> ErrNotFound
//	refund_full                Refund order "1002", whole amount -> a refund id
//	refund_partial             Refund order "1002", 4.00 (PartialRefunds)
//	refund_status              Refund order "1002", then RefundStatus of its id
//	refund_not_found           Refund order "1999" -> ErrNotFound
//	refund_insufficient_funds  Refund order "1004" -> ErrInsufficientFunds (optional)
//	refund_reference_twice     Refund order "1002", reference "conformance-ref-1",
//	                           4.00 (the whole amount without PartialRefunds),
//	                           twice -> the same refund id or ErrDuplicate,
//	                           then RefundStatus of its id -> one refund's amount
//	refund_lookup_by_reference (RefundLookupByReference) the same refund, then
//	                           LookupRefund by order "1002" and its reference
//	                           -> the same id; reference "conformance-unknown"
//	                           -> ErrNotFound
//	balance                    Balance in Currency -> a balance in Currency
//	withdraw                   Withdraw order "2001", 50.00 to card 4111111111111111
//	withdrawal_status          WithdrawalStatus by order "2001"
//	withdraw_insufficient_funds Withdraw order "2002", 1000000.00 ->
//	                           ErrInsufficientFunds (optional)
//	lookup_by_provider_id      (LookupByPaymentID) InitPayment order "1001",
//	                           then LookupPayment by the payment id it
//	                           returned -> the same id, order and amount
//	receipts_with_payment      (PaymentReceipts) InitPayment order "1001"
//	                           with a receipt of two lines, "Notebook"
//	                           6.00 and "Pencil" 4.00 -> both lines reach a
//	                           request or the buyer's next step
//	receipts_with_refund       (RefundReceipts) Refund order "1002",
//	                           reference "r-receipt", the same receipt ->
//	                           both lines reach a request
//
// Each payment method the provider declares (Capabilities.PaymentMethods)
// has a scenario of its own, whose payment is neither a hold nor a
// recurring parent:
//
//	payment_method_<method>    InitPayment as init_redirect, with the method,
//	                           order "3301" plus the method's index in
//	                           payments.PaymentMethods ("3301" card, "3302"
//	                           sbp, ...) -> pending or requires_action, with
//	                           a redirect or a form to an absolute http(s)
//	                           URL; then PaymentStatus of the order ->
//	                           pending or requires_action, 10.00 where
//	                           reported (or ErrNotFound when InitPayment sent
//	                           no request: a link computed locally is unknown
//	                           to the provider until the buyer opens it).
//	                           The same request without the method, answered
//	                           with the same responses, must send other
//	                           requests or return another next step: a
//	                           method that changes neither was ignored.
//
// The lifecycle scenarios apply when the provider declares the capability
// (holds: Holds and OpCapture or OpCancel; charges: Recurring and
// OpCharge; receipts: ReceiptsAfterPayment, OpSendReceipt and
// OpReceiptStatus). Each lists the payments it expects in Scenario.Given:
// a hold of 10.00 the buyer paid, a paid payment of 10.00, or a paid
// recurring parent of 10.00 (order "3101"):
//
//	hold_capture_full          Capture "3001" without an amount -> succeeded or
//	                           processing, 10.00 where reported
//	hold_capture_partial       (PartialCapture) Capture "3002", 4.00 -> 4.00
//	capture_above_hold         (PartialCapture) Capture "3003", 20.00 ->
//	                           ErrInvalidState
//	capture_twice              Capture "3004" twice -> the second is
//	                           ErrInvalidState
//	hold_cancel                Cancel "3005" -> canceled or processing
//	capture_after_cancel       Cancel "3006", then Capture it -> ErrInvalidState
//	charge_success             Charge "3102" of parent "3101", 10.00 (with the
//	                           parent's Mandate where RecurringMandate: from
//	                           PaymentStatus "3101", else from the parent's
//	                           verified webhook in Fixture.Webhooks) -> a
//	                           payment of "3102":
//	                           succeeded, authorized, pending or processing
//	charge_declined            Charge "3103" of "3101", DeclinedChargeAmount
//	                           (66.60) -> ErrDeclined, or pending and then
//	                           failed or canceled by PaymentStatus "3103"
//	charge_unknown_parent      Charge "3102" of parent "3999" -> ErrNotFound
//	receipt_after_payment      SendReceipt of paid "3201", receipt id "3202",
//	                           settlement, one line "Book" 10.00 -> pending or
//	                           registered; ReceiptStatus "3202" -> found
//
// Captures (hold_capture_full), cancels (hold_cancel) and charges
// (charge_success) join the transport faults below. Local scenarios check
// the other direction: a hold, a recurring parent, a payment method, a
// partial capture or a capture receipt the provider does not declare is
// refused with errors.ErrUnsupported before anything is sent (a declared
// one is hidden for the check), and an unknown payment method is
// ErrInvalidRequest.
//
// To record them, Harness.Seed creates the payments in s.Given on the live
// side: it starts each with Given.Request and brings it to Given.Status
// the provider's way (the buyer pays the hold, the parent, or declines),
// and makes the live side decline a charge of DeclinedChargeAmount where
// it has no such trigger. Seed knows no scenario by name for that. Where
// the parent's mandate arrives only in its webhook (T-Bank's RebillId),
// Harness.SeedWebhooks hands the suite the deliveries the live side sent
// while seeding; they are kept in the fixture and verified on replay.
//
// A scenario of an operation the provider declares must pass; a missing
// fixture file means "this scenario makes no HTTP request" (a payment link
// computed locally). Scenarios marked optional are skipped,
// with a message, when their fixture file is absent.
//
// # Webhooks
//
// A provider that verifies webhooks gives the suite SignWebhook (a signed
// delivery, as the provider sends it), EditWebhook (how to change one:
// a new amount, the signature dropped or garbled) and Ack (the reply its
// documentation asks for to a handled delivery). FormEditor and JSONEditor
// edit form-encoded and JSON deliveries (JSONMinorUnitsEditor where the
// amount is in minor units, as T-Bank's kopecks); HeaderSignature wraps
// any of them for a signature sent in an HTTP header:
//
//	EditWebhook: conformance.FormEditor("SignatureValue", "OutSum"),
//	Ack: func(w conformance.Webhook) payments.Ack {
//		return payments.Ack{StatusCode: 200, ContentType: "text/plain", Body: "OK" + w.OrderID}
//	},
//
// A tampering scenario fails, saying why, when EditWebhook is nil or
// cannot apply its edit: the suite never sends a delivery it could not
// tamper with as if it had. The acknowledgement scenarios compare the
// handler's HTTP reply (status, body, and the content type when Ack sets
// one) with Ack, not with the provider's own Event.Ack.
//
// # Skipping scenarios
//
// Harness.Skip lists the scenarios a provider skips, each with the reason;
// they are reported as skipped, with the reason, in go test -v. A name that
// is no scenario, or an empty reason, fails the run.
//
// # Transport faults
//
// Transport faults are injected into the exchanges of status_succeeded (a
// read) and, in turn, into every exchange of every money-moving scenario
// that makes requests (init_redirect, init_card, refund_full, withdraw,
// hold_capture_full, hold_cancel, charge_success): a
// dial failure (not sent), a timeout and a reset after sending, a 503,
// a truncated, a malformed and an oversized body, a redirect (302, 303) and
// the 405, 408, 410 and 413 answers a server may send after acting. Reads
// must end in ErrUnavailable or ErrProtocol (and be retried when
// unavailable). In an operation that moves money, the outcome depends on
// what the provider declared for the faulted exchange with
// providerkit.Exchange (the suite reads it back with providerkit.ExchangeOf):
// the exchange that moves money (declared Moving, or the last one when none
// before it is) must end in ErrOutcomeUnknown (ErrUnavailable when provably
// not sent) and be sent exactly once; a read before it fails as a read; a
// read after it (the result read back) must succeed or end in
// ErrOutcomeUnknown; an undeclared earlier exchange must end in
// ErrUnavailable or ErrOutcomeUnknown and be sent once. After a fault no
// other exchange may be sent, and money_exchange_declared_moving fails a
// provider that declares every exchange of such an operation a read. A
// request whose context does not end when the caller's is canceled fails
// the context_canceled_in_flight scenarios.
//
// The payment_method_ scenarios are not faulted: the exchange of
// InitPayment that moves money is the same with or without a method and is
// faulted through init_redirect, while what a method adds after it (such
// as the request that fetches an SBP QR code) hands the buyer the way to
// pay, so that when it fails nothing payable was handed out.
//
// # Fixtures
//
// A fixture is a human-readable JSON file:
//
//	{
//	  "scenario": "status_succeeded",
//	  "source": "where the bodies come from",
//	  "exchanges": [
//	    {
//	      "request": {
//	        "method": "GET",
//	        "path": "/status",
//	        "query": {"order": ["1002"], "signature": ["..."]},
//	        "form": {"field": ["value"]},
//	        "json": {"any": "json"},
//	        "body": "exact body, when it is neither form nor JSON"
//	      },
//	      "response": {
//	        "status": 200,
//	        "header": {"Content-Type": ["application/json"]},
//	        "body": "{\"status\":\"success\"}"
//	      }
//	    }
//	  ]
//	}
//
// Replay is strict: exchanges are served in order, each request must match
// its recorded method, path, query and body (form fields compared as sets of
// values, JSON compared as values), any unexpected request fails the test,
// and an exchange left unused fails it too. A recorded value "<scrubbed>"
// matches any value; a masked card number ("411111******1111") matches the
// card number it masks.
//
// Run the provider's tests with -record to re-record fixtures against
// Harness.Live through a transport that scrubs Harness.Secrets, the fields
// in Harness.ScrubParams and card numbers. From a request that carries card
// data (a pan, card or cvc field, masked or not, a card number in any text,
// or a ScrubParams field) it also scrubs everything derived from it, since
// with the secret a signature gives a CVC or the masked digits back: fields
// named like a signature, MAC, hash or digest, JWS values, and a body that
// is neither a form nor JSON. Such requests replay without their signature,
// strictly on everything else. A scenario that fails or is skipped leaves
// its fixture as it was; the fixtures written carry Harness.Source as their
// "source". Request headers are never recorded. A final
// check fails if any fixture contains a configured secret, an unmasked card
// number, or a request with card data that keeps such a derived value.
package conformance
