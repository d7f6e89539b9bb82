// Package clientsdk is the payments provider for the sbank/PayHub API, the
// API behind the Python client-payment-sdk 0.0.1 (and its PHP sibling).
// Everything the Python SDK does is here, with its defects fixed: requests
// are signed from strings only, responses with unknown keys are accepted,
// webhooks are verified over every field in constant time, errors map onto
// the core's categories, redirects are not followed and timeouts are set.
//
// # Sections
//
//   - Configuration: [Config] and [New]; an invalid field is a
//     [*ConfigError]. The secret never prints.
//   - Signing: [Sign], the HS256 JWS over {"PATH":endpoint,"METHOD":{...}}
//     of which only the signature segment is sent.
//   - Payments: [Provider.InitPayment] (redirect/SBP, host-to-host card,
//     3-D Secure 2.0) and [Provider.PaymentStatus].
//   - Balance and payouts: [Provider.Balance], [Provider.Withdraw] and
//     [Provider.WithdrawalStatus].
//   - Webhooks: [Provider.VerifyWebhook] and [VerifyFormSignature].
//   - Refunds: the API has none; the Provider does not implement
//     payments.Refunder and the Client returns errors.ErrUnsupported.
//
// # Usage
//
//	p, err := clientsdk.New(clientsdk.Config{
//		MerchantID:      "13",
//		ProductID:       "15",
//		Secret:          os.Getenv("SBANK_SECRET"),
//		NotificationURL: "https://shop.example/webhooks",
//	})
//	client, err := payments.New(p, nil)
//	pay, err := client.InitPayment(ctx, &payments.InitRequest{...})
//
// # Errors
//
// The API documents no error codes. An HTTP 400 {code,message} is
// ErrInvalidRequest with the code; a 500 {message} is ErrUnavailable for
// reads and ErrOutcomeUnknown for payments and payouts; any other status
// goes through providerkit.StatusError (a 3xx, which is never followed, is
// ErrProtocol for reads and ErrOutcomeUnknown for payments and payouts); a 200
// {"status":"error","field_errors":{...}} is ErrInvalidRequest with the
// field errors in payments.Error.Fields, unless the text says "insufficient
// funds" (ErrInsufficientFunds), that the order or payout "does not exist"
// (ErrNotFound) or "already exists" (ErrDuplicate); a body that is not a
// JSON object with a "status" is providerkit.ProtocolError. Card numbers in
// the provider's messages are masked.
//
// # Assumptions
//
// The public SDKs (github.com/Space-Around/client-payment-sdk-python,
// github.com/creater777/sbank) leave several points unsettled. This package assumes: status values as in the table on
// [Provider.PaymentStatus] (our inference); the balance as a JSON number or
// string; the withdrawal_request object's fields as read by
// [Provider.WithdrawalStatus]; webhooks signed over the fields as sent, or
// else without the empty ones ([Provider.VerifyWebhook]); payments in
// roubles only. The API takes one return URL (finish_url) and no e-mail:
// InitRequest.FailURL is used only without a SuccessURL and
// InitRequest.Email is not sent. The finish redirect's signature could not
// be reproduced from the public samples (creater777/sbank README.MD,
// client-payment-sdk-python examples/test.py @ 3166d3e): confirm payments with PaymentStatus or webhooks,
// never with the redirect.
package clientsdk
