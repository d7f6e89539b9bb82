// Command payments operates a shop's payments from the command line: it
// runs the local sandbox, makes payment links, looks payments up, refunds,
// captures or cancels held payments, charges recurring payments, sends
// receipts after payment, shows the balance, requests payouts and verifies
// captured webhooks. The
// provider and its credentials come from the same configuration as package
// providers, so the tool talks to whatever the shop's app talks to.
//
//	payments [-json] [-config FILE] [-v] COMMAND [flags]
//
// Run "payments help" for the commands and "payments COMMAND -h" for the
// flags of one.
//
// # Sections
//
// Commands: sandbox, link, status, refund, refund-status, capture, cancel,
// charge, receipt and receipt-status, balance, withdraw, withdrawal-status,
// verify-webhook, version (one file each, cmd_*.go; receipt-status with
// receipt) and help (help.go; "payments help config" lists every variable
// with its JSON key from the providers' registrations). Receipt lines are
// read from a JSON file or standard input (receipt_input.go). An unknown
// command, flag or help topic is refused with the closest known one
// suggested.
//
// Configuration: the environment as read by providers.FromEnv
// (PAYMENTS_PROVIDER plus the provider's variables, every secret also as a
// *_FILE variable naming a file), or a JSON providers.Config named by
// -config or PAYMENTS_CONFIG. Secrets never come from flags, which show in
// process listings; a card number for a payout is read from a file or
// standard input and printed only masked. Provider names and currency codes
// are accepted in any case, as by the library. A -config file's unknown
// keys are refused with a suggestion, its syntax errors give line and
// column; a variable with a provider's prefix that nothing reads
// (ROBOKASSA_PASWORD1) is warned about (providers.CheckEnv).
//
// Output: human-readable text by default; with -json one JSON object per
// result on standard output, errors as {"error":{"kind","code","message"}}.
// Progress (sandbox events, retries of reads) goes to standard error.
//
// Exit codes: 0 success; 1 the operation failed (declined, not found,
// insufficient funds, duplicate, amount mismatch, invalid state); 2 usage or configuration
// error; 3 outcome unknown (do not retry, look the order up); 4 provider
// unavailable or transport failure; 5 webhook invalid.
package main
