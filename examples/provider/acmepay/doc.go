// Package acmepay is a teaching example: a complete payments.Provider for
// "Acme Pay", a small JSON payment API invented for this example. Acme Pay
// does not exist; its hosts end in .example. The package is written only
// against the public kit, as a third-party author would write a provider
// in a repository of their own: package payments for the types, package
// providerkit for the plumbing, package conformance for its tests. It
// passes the whole conformance suite (see conformance_test.go) with
// fixtures recorded against acmetest, a tiny in-memory Acme Pay server.
//
// # The Acme Pay API
//
// Requests and answers are JSON; amounts are decimal strings in major
// units ("10.00") beside an ISO 4217 currency. Every request carries
// Authorization: Bearer <api key>.
//
//	POST /v1/payments                   create a payment; answers it with a checkout_url
//	GET  /v1/payments/{id}              a payment by Acme's id
//	GET  /v1/payments?order_id=         a payment by the merchant's order id
//	POST /v1/payments/{id}/refunds      refund (Idempotency-Key: the merchant's reference)
//	GET  /v1/refunds/{id}               a refund by Acme's id
//	GET  /v1/refunds?order_id=&reference=  a refund by order id and reference
//
// Acme answers 200 to every request it understood; a refusal arrives in
// the 200 body as {"error":{"code":"insufficient_funds","message":"..."}},
// and Acme documents that such a request was not carried out. Other
// statuses come from its gateway. Webhooks are JSON POSTs signed with
// HMAC-SHA256 over the raw body, in the Acme-Signature header.
//
// # How the provider is built
//
//   - acmepay.go: Config (secrets are payments.Secret), New, Capabilities.
//   - call.go: one function sends every request through providerkit.Do
//     and turns every answer into a result or a classified error.
//   - payment.go, refund.go: the operations. Refund is two exchanges, a
//     read of the payment (providerkit.Read) and the refund itself
//     (providerkit.Moving).
//   - webhook.go: VerifyWebhook reads the body with providerkit.ReadBody
//     and checks the signature in constant time before parsing it.
//   - registration.go: Registration, so that providers.Register makes
//     PAYMENTS_PROVIDER=acmepay work.
//
// # Rules for provider authors
//
//   - Declare every exchange for what it is: a read inside a money-moving
//     operation is providerkit.Read(op), the request that moves money is
//     providerkit.Moving(op). The kit then reports a fault in the read as
//     payments.ErrUnavailable and one in the money-moving request as
//     payments.ErrOutcomeUnknown.
//   - Map errors that arrive in a 200 body onto the kinds with
//     payments.NewError (see errorKinds), never report them as success.
//     A code you do not know is a protocol error for a read and an unknown
//     outcome for a request that may have moved money.
//   - Build errors of non-2xx answers with Response.StatusError, which
//     keeps Retry-After, and those of answers that do not parse with
//     providerkit.ProtocolError, which judges them by the exchange.
//   - Read webhook bodies with providerkit.ReadBody, or wrap your own read
//     error with %w: the Client answers 413 only when errors.As finds the
//     *http.MaxBytesError.
//   - Never turn a money-moving operation that is done into an error
//     because a read after it failed: return what you know.
//   - Keep secrets in payments.Secret, and give a type that holds them in
//     unexported fields String, GoString and Format of its own.
//   - Stamp errors with providerkit.Stamp at the exported methods.
package acmepay
