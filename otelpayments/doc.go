// Package otelpayments traces and measures a payments.Client with
// OpenTelemetry (https://opentelemetry.io/docs/languages/go/): it is a
// [payments.Observer] that makes one span per Client operation and per
// webhook delivery, and records metrics of both. It lives apart from the
// payments package so that the library itself imports no telemetry code.
//
// # Use
//
//	obs, err := otelpayments.New(nil) // the global TracerProvider and MeterProvider
//	if err != nil { ... }
//	client, err := payments.New(provider, &payments.Options{Observer: obs})
//
// # Spans
//
// An operation's span is named "payments." and the operation
// ("payments.init_payment"); a webhook delivery's "payments.webhook". The
// span is started before the provider is called, so the provider's HTTP
// calls (with an instrumented http.Client) and the app's HandlerFunc run
// under it. Attributes:
//
//   - payments.operation, payments.provider, payments.outcome ("ok" or the
//     error kind, see [payments.ErrorKind]; for a delivery one of the
//     payments.Delivery* outcomes) and payments.order_id where known;
//   - error.type, the error kind, on failure, when the span's status is
//     set to Error with the error kind as its description;
//   - for a delivery: http.request.method, http.response.status_code,
//     payments.webhook.verified, and, for a verified delivery,
//     payments.event.type and payments.event.status.
//
// The span never gets an error's text, nor anything secret or of a card:
// no card number, CVC, token, signature, secret, mandate or raw webhook
// field (the payments package gives the Observer none).
//
// # Metrics
//
//   - payments.client.operations (counter): operations by
//     payments.operation, payments.provider and payments.outcome;
//   - payments.client.errors (counter): failed operations by
//     payments.operation, payments.provider and error.type;
//   - payments.client.operation.duration (histogram, seconds): by
//     payments.operation, payments.provider and payments.outcome;
//   - payments.webhook.deliveries (counter): deliveries by
//     payments.provider, http.response.status_code, payments.outcome,
//     payments.event.type and error.type;
//   - payments.webhook.delivery.duration (histogram, seconds): by
//     payments.provider, http.response.status_code and payments.outcome.
//
// Order ids are span attributes only, never metric attributes: their
// number is unbounded.
package otelpayments
