// Package providerkit is for provider authors: the plumbing a
// payments.Provider implementation shares with every other one, kept out of
// package payments, whose documentation speaks to applications (as
// database/sql keeps database/sql/driver apart).
//
// Applications do not need this package. Provider packages use it to send
// requests and classify their faults, to read webhooks, to name themselves
// in their errors, and to declare their configuration, so that every
// provider means the same thing by the same error and is configured the
// same way.
//
// # Exchanges
//
// Every HTTP request a provider sends is one [Exchange] of an operation, and
// the provider says whether that exchange may move money: [Moving](op) for
// a request the provider may act on by moving money (create a payment,
// refund, pay out), [Read](op) for one that cannot (a status, balance or
// state lookup). The classification is per exchange, not per operation: a
// refund that first looks the payment up declares the lookup with
// Read(payments.OpRefund), so that a 503 or a timeout there is
// payments.ErrUnavailable (nothing was sent that could move money) and
// only a fault of the refund request itself is payments.ErrOutcomeUnknown.
//
// [Do] sends a request, reads its body through a size limit, never follows
// redirects and classifies transport faults by the exchange; [StatusError]
// and [Response.StatusError] classify a non-2xx status, [ProtocolError] an
// answer that cannot be understood, [TransportError] a failure of a request
// sent some other way. Do attaches the exchange to the request's context,
// where a test transport (such as the conformance suite's fault injector)
// reads it with [ExchangeOf].
//
// # Errors
//
// Every error a provider returns is a *payments.Error of one of the
// payments.Err* kinds, or a bare context error. Errors made here carry the
// exchange's Op; [Stamp] sets the operation and the provider's name at the
// boundary of a provider's exported methods (payments.Client stamps the
// rest).
//
// # Webhooks
//
// [ReadForm] reads a form sent by GET or POST and [ReadBody] any body,
// through a size limit; their errors keep the *http.MaxBytesError of an
// oversized body as cause.
//
// # Registration
//
// A provider package describes its configuration and how to open it in a
// [Registration] (its [Field]s, read into [Settings]); package providers
// dispatches by name and reports a bad value as a [ConfigError].
//
// # Card numbers
//
// [MaskPAN] and [Luhn] mask and check card numbers found outside a
// payments.Card (free text, raw fields, recorded exchanges).
//
// # Wire log
//
// [WireLog] is an http.RoundTripper that logs each exchange with a
// provider for support cases (operation, method, host, path, status,
// duration, headers and size-capped bodies), scrubbed by [ScrubBody],
// [ScrubForm] and [ScrubText]: values under a [SecretKey] (passwords,
// signatures, tokens, mandates, card data), compact JWS and JWT, and
// Luhn-valid card numbers never reach the log. Bodies pass through
// unchanged. Package providers switches it on (Options.WireLog,
// PAYMENTS_WIRE_LOG). A provider that must change the *http.Transport
// under such a wrapper (TLS roots) does so with [EditTransport].
//
// # Rules for provider authors
//
//   - Declare every exchange for what it is: a read inside a money-moving
//     operation is Read(op), not Moving(op). A money-moving exchange that
//     may have reached the provider and got no usable answer must end in
//     payments.ErrOutcomeUnknown, and is never resent. A read after the
//     money moved (asking how much a refund refunded) must not turn the
//     operation into an error when it fails: return the result without
//     what the read would have added.
//   - Wrap body-read errors with %w (or keep them as payments.Error.Err):
//     payments.Client limits a webhook body with http.MaxBytesReader and
//     answers 413 only when errors.As finds the *http.MaxBytesError.
//   - Map errors that arrive in a 200 body (a provider's {"success":false}
//     or a result code) to the right kind with [StatusError] or
//     payments.NewError; never report them as success or leave them
//     unclassified.
//   - Keep the provider's Retry-After: build status errors with
//     [Response.StatusError] so that the Client honours the wait.
//   - Never put secrets, signed parameters or card numbers in errors:
//     [TransportError] drops the URL's query, and [MaskPAN] masks numbers.
package providerkit
