// Package paymentstest is a stateful in-memory fake payment provider for
// testing apps offline, with no network: create one with [New], wrap it in
// a payments.Client as you would a real provider, and drive its state from
// the test.
//
//	func TestCheckout(t *testing.T) {
//		fake := paymentstest.New(nil)
//		client, err := payments.New(fake, nil)
//		if err != nil {
//			t.Fatal(err)
//		}
//		shop := myshop.New(client) // the app under test
//
//		link, err := shop.Checkout(t.Context(), "order-1") // calls client.InitPayment
//		if err != nil || link != "https://pay.fake.invalid/pay/pay_1" {
//			t.Fatalf("Checkout = %q, %v", link, err)
//		}
//
//		if err := fake.MarkPaid("order-1"); err != nil { // the buyer paid
//			t.Fatal(err)
//		}
//		req, err := fake.PaymentWebhook("order-1") // signed, as the provider would send it
//		if err != nil {
//			t.Fatal(err)
//		}
//		rec := httptest.NewRecorder()
//		shop.Webhooks().ServeHTTP(rec, req) // say, client.WebhookHandler(...)
//		if rec.Code != http.StatusOK || !shop.Shipped("order-1") {
//			t.Errorf("order not shipped: %d %s", rec.Code, rec.Body)
//		}
//
//		fake.FailNext(payments.OpRefund, payments.NewError(payments.ErrUnavailable, "maintenance", "try later"))
//		if err := shop.Cancel(t.Context(), "order-1"); err == nil { // calls client.Refund
//			t.Error("Cancel succeeded while refunds fail")
//		}
//		if n := fake.Calls(payments.OpRefund); n != 1 {
//			t.Errorf("refund called %d times; what moves money is never resent", n)
//		}
//	}
//
// # State
//
// The fake keeps payments by order id, refunds, payouts and a balance per
// currency, all starting empty. Ids are deterministic ("pay_1", "ref_1",
// "wd_1", "evt_1"), counted per Fake, so tests can assert them. A payment
// starts pending with a redirect to Options.PayURL + id; a direct card
// payment succeeds at once, or requires 3-D Secure when browser data is
// given; [DeclinedCard] is declined. Paid payments add to the balance;
// refunds and payouts take from it.
//
// Tests change state the way buyers, banks and providers would, with
// [Fake.MarkPaid], [Fake.MarkFailed], [Fake.MarkCanceled],
// [Fake.CompleteWithdrawal], [Fake.FailWithdrawal] and [Fake.SetBalance],
// and inspect it with [Fake.Payment].
//
// The lifecycle after payment: a payment started with InitRequest.Hold
// becomes authorized when paid and is captured (in full or in part) or
// cancelled; [Fake.MarkAuthorized] holds any waiting payment,
// [Fake.ExpireHold] cancels a hold as the provider does after
// [HoldPeriod] (which the fake also does by Options.Now), and MarkPaid on
// a held payment captures it. A paid recurring parent
// (InitRequest.Recurring) has a Payment.Mandate and can be charged; a
// charge of [DeclinedChargeAmount] is declined, and Options.DeferCharges
// keeps charges pending until MarkPaid or MarkFailed. Receipts sent after
// payment stay pending until [Fake.RegisterReceipt] or [Fake.FailReceipt];
// [Fake.Receipt] shows what was sent.
//
// # Failures
//
// Each operation fails the way a real provider would (unknown order
// ErrNotFound, repeated order ErrDuplicate, refund above the balance
// ErrInsufficientFunds, ...). [Fake.FailNext] makes the next call of an
// operation return any error, and [Fake.Calls] counts calls, for testing
// that an app does not retry what moves money.
//
// # Webhooks
//
// The fake's webhooks are signed forms (see [WebhookData] for the fields
// and the canonical string signed with HMAC-SHA256). [Fake.SignWebhook]
// and [Fake.SignWebhookWith] build deliveries, [Fake.PaymentWebhook]
// describes a payment's current state, [Fake.NoticeWebhook] builds a
// notice that changes no payment (a payments.EventNotice, such as the
// [NoticeReceipt] a provider sends once a payment's fiscal receipt is
// registered), and VerifyWebhook checks them. A
// verified event's ID names the merchant account and the delivery
// ([EventID]: "merchant_1:evt_1"), so that fakes with different
// Options.MerchantID can share one payments.EventStore.
//
// [DefaultWebhookSecret] is public: a fake made with it accepts webhooks
// anyone can sign. Package providers therefore opens the fake only with a
// webhook secret of its own or with the loudly named opt-in
// unsafe_public_webhook_secret; see [Registration].
//
// # HTTP
//
// [Fake.Handler] serves the same state as a small JSON API, and
// [HTTPProvider] is its client: together, run in an httptest.Server or
// behind a mocked transport, they let tests exercise real HTTP plumbing,
// error replies and transport faults, and they are what the conformance
// suite's fixtures for the fake are recorded from.
package paymentstest
