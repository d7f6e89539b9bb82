// Package providers lets an app choose its payment provider by
// configuration: a typed [Config], decoded from JSON or from environment
// variables, names the provider and carries its settings, and [Open]
// returns a ready *payments.Client over it. Switching an app from Robokassa
// to clientsdk, or to the offline fake, is a configuration change, not a
// code change.
//
//	cfg, err := providers.LoadEnv() // or json.Unmarshal(file, &cfg)
//	if err != nil {
//		log.Fatal(err)
//	}
//	cfg.Options.Logger = slog.Default()
//	client, err := providers.Open(ctx, cfg) // fails here on a missing secret
//	if err != nil {
//		log.Fatal(err)
//	}
//	slog.Info("payments", "config", cfg) // secrets are redacted
//
// # Sections
//
//   - Configuration: [Config] with one [Section] of settings per provider,
//     and [Options] for the client.
//   - Opening: [Open] validates everything (reading secret files, checking
//     required fields, then the provider's own checks) and returns a
//     *payments.Client; errors are [*ConfigError] values that name the
//     field and its variable and wrap payments.ErrInvalidRequest.
//   - Registry: each provider declares its configuration in its own
//     package, as a providerkit.Registration (robokassa.Registration,
//     clientsdk.Registration, paymentstest.Registration): its variables,
//     JSON keys, secrets, required fields, one-line help and the function
//     that opens it. "robokassa", "clientsdk" and "fake" (paymentstest's
//     in-memory fake, for offline development) are built in; [Register]
//     adds a third-party provider, which then gets the environment, JSON,
//     secret files and redaction exactly as the built-in ones, with no code
//     in this package. [Names] and [Registrations] list them; "payments
//     help config" prints every variable from them.
//   - JSON: json.Unmarshal into a Config; keys are snake_case and unknown
//     keys are an error that suggests the closest known key.
//   - Environment: [FromEnv] and [LoadEnv]; the variables are listed below.
//     [CheckEnv] finds misspelt ones (ROBOKASSA_PASWORD1).
//   - Case: a provider's name matches in any case ("Robokassa"), in
//     [Open], [FromEnv], JSON and [Config.Set], and is stored in lower
//     case; an unknown name's error suggests the closest registered one.
//   - Secrets: inline or from files; never from URLs; always redacted.
//   - Wire log: Options.WireLog (PAYMENTS_WIRE_LOG=1, "wire_log": true in
//     "options") logs every HTTP exchange with the provider, bodies
//     included, scrubbed of secrets, signatures, tokens, mandates and card
//     data, to Options.WireLogger (else Logger, else slog.Default()), for
//     support cases. Off by default.
//
// # JSON
//
// A configuration file looks like this (every key of a section is its
// variable's name without the prefix, in lower case):
//
//	{
//	  "provider": "robokassa",
//	  "robokassa": {
//	    "merchant_login": "my-shop",
//	    "password1_file": "/run/secrets/robokassa_password1",
//	    "password2_file": "/run/secrets/robokassa_password2",
//	    "algorithm": "SHA256"
//	  },
//	  "clientsdk": {
//	    "merchant_id": "13", "product_id": "15",
//	    "secret_file": "/run/secrets/clientsdk_secret",
//	    "notification_url": "https://shop.example/webhooks"
//	  },
//	  "options": {"timeout": "10s", "retry_max_attempts": 3}
//	}
//
// Keys match in any case; a section's keys
// are those of its provider's registration, so a third-party provider must
// be registered before its configuration is decoded. Unknown keys are rejected, because a typo
// ("testmode", "pasword2") that were ignored could take live payments or
// drop a secret; the error suggests the key meant ("password2"). Durations
// are strings ("10s", "250ms"): "timeout": 10 is an error that asks for one.
// Config.MarshalJSON writes "[redacted]" for every secret, so configs do
// not round-trip through JSON with their secrets: [Open] refuses a secret
// equal to [Redacted]. Secret files do round-trip.
//
// # Environment variables
//
// An empty variable is the same as an unset one. A section is present when
// any of its variables is set, so an environment can carry several and
// PAYMENTS_PROVIDER alone chooses. Booleans are true/false or 1/0;
// durations are Go durations ("10s"). Every secret X may instead be read
// from the file named by X_FILE (a Docker or Kubernetes secret; one
// trailing newline is removed); setting both is an error.
//
// Common (the Options):
//
//	PAYMENTS_PROVIDER             robokassa, clientsdk, fake or a registered name (required)
//	PAYMENTS_TIMEOUT              HTTP timeout per exchange (default 30s)
//	PAYMENTS_RETRY_MAX_ATTEMPTS   tries of a read; 1 disables retries (default 3)
//	PAYMENTS_RETRY_INITIAL_DELAY  first wait between tries (default 200ms)
//	PAYMENTS_RETRY_MAX_DELAY      longest wait between tries (default 5s)
//	PAYMENTS_MAX_WEBHOOK_BYTES    webhook body limit (default 65536)
//	PAYMENTS_WIRE_LOG             boolean: log each HTTP exchange with the provider, scrubbed (default false)
//
// Robokassa (the robokassa section; see robokassa.Config):
//
//	ROBOKASSA_MERCHANT_LOGIN          shop identifier (required)
//	ROBOKASSA_PASSWORD1               secret: signs payment links (required)
//	ROBOKASSA_PASSWORD1_FILE          file holding ROBOKASSA_PASSWORD1
//	ROBOKASSA_PASSWORD2               secret: verifies notifications, signs OpStateExt (required)
//	ROBOKASSA_PASSWORD2_FILE          file holding ROBOKASSA_PASSWORD2
//	ROBOKASSA_PASSWORD3               secret: signs refunds (optional; no refunds without it)
//	ROBOKASSA_PASSWORD3_FILE          file holding ROBOKASSA_PASSWORD3
//	ROBOKASSA_TEST_PASSWORD1          secret: test payment links (required in test mode)
//	ROBOKASSA_TEST_PASSWORD1_FILE     file holding ROBOKASSA_TEST_PASSWORD1
//	ROBOKASSA_TEST_PASSWORD2          secret: test notifications (required in test mode)
//	ROBOKASSA_TEST_PASSWORD2_FILE     file holding ROBOKASSA_TEST_PASSWORD2
//	ROBOKASSA_TEST_MODE               boolean: make test payments
//	ROBOKASSA_ALGORITHM               MD5, RIPEMD160, SHA1, SHA256, SHA384 or SHA512 (required)
//	ROBOKASSA_REFUND_ALGORITHM        HS256 (default), HS384 or HS512
//	ROBOKASSA_REFUND_BODY             raw_jwt (default) or json_string
//	ROBOKASSA_INVOICE_BODY            json_string (default) or raw_jwt
//	ROBOKASSA_CURRENCY                RUB (default) or KZT
//	ROBOKASSA_AUTH_URL                payment host (default https://auth.robokassa.ru)
//	ROBOKASSA_SERVICES_URL            Invoice and Refund API host (default https://services.robokassa.ru)
//	ROBOKASSA_CULTURE                 payment page language (ru, en, kk)
//	ROBOKASSA_POST_FORM               boolean: a form to POST instead of a link
//	ROBOKASSA_RECEIPT_ENCODING        url_encoded (default) or raw_json
//	ROBOKASSA_RESULT_URL2             default ResultUrl2 (JWS notification URL); holds need one
//	ROBOKASSA_RESULT_URL2_CERTIFICATES      PEM certificates verifying ResultUrl2 (default: the bundled one)
//	ROBOKASSA_RESULT_URL2_CERTIFICATES_PATH file holding those certificates
//	ROBOKASSA_FISCAL_URL              RoboFiscal host (default https://ws.roboxchange.com)
//	ROBOKASSA_SHOP_URL                the shop's site, sent with receipts after payment
//
// clientsdk (the clientsdk section; see clientsdk.Config):
//
//	CLIENTSDK_BASE_URL                API host (default https://sbank.gogo.vc)
//	CLIENTSDK_MERCHANT_ID             merchant id (required)
//	CLIENTSDK_PRODUCT_ID              product id (required)
//	CLIENTSDK_SECRET                  secret: signs requests and webhooks (required)
//	CLIENTSDK_SECRET_FILE             file holding CLIENTSDK_SECRET
//	CLIENTSDK_NOTIFICATION_PATH       webhook path (required unless CLIENTSDK_NOTIFICATION_URL)
//	CLIENTSDK_NOTIFICATION_URL        default webhook URL
//
// tbank (the tbank section; see tbank.Config):
//
//	TBANK_TERMINAL_KEY                the terminal's TerminalKey (required)
//	TBANK_PASSWORD                    secret: signs requests and notifications (required)
//	TBANK_PASSWORD_FILE               file holding TBANK_PASSWORD
//	TBANK_BASE_URL                    API base URL up to /v2 (default https://securepay.tinkoff.ru/v2)
//	TBANK_TAXATION                    the shop's tax system for receipts without one
//	TBANK_ROOT_CAS                    PEM roots to trust besides the system's (the Russian Trusted Root CA)
//	TBANK_FFD_VERSION                 receipts' fiscal data format: 1.05 (default) or 1.2
//	TBANK_MEASUREMENT_UNIT            FFD 1.2: the unit of receipt lines that name none (default шт)
//
// The fake (the fake section; see paymentstest.Options):
//
//	PAYMENTS_FAKE_WEBHOOK_SECRET      secret: signs the fake's webhooks (required, see below)
//	PAYMENTS_FAKE_WEBHOOK_SECRET_FILE file holding PAYMENTS_FAKE_WEBHOOK_SECRET
//	PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET boolean: use paymentstest's public secret instead (offline only)
//	PAYMENTS_FAKE_MERCHANT_ID         merchant account in event ids (default merchant_1)
//	PAYMENTS_FAKE_CURRENCIES          comma-separated ISO 4217 codes (default RUB,USD,EUR)
//	PAYMENTS_FAKE_PAY_URL             base of the payment page URLs
//
// The fake's default webhook secret is public, so [Open] refuses the fake
// without a webhook secret of its own, or with the public one, unless
// PAYMENTS_FAKE_UNSAFE_PUBLIC_WEBHOOK_SECRET=true says that webhooks anyone
// can forge are acceptable (offline development only; Open then logs
// [UnsafeFakeWarning]). PAYMENTS_PROVIDER=fake alone never opens a webhook
// endpoint that accepts forged payments.
//
// A third-party provider's variables are those of its registration; see
// [Register].
//
// [EnvNames] returns these names, and [Registrations] each provider's with
// its help line, for a tool's help.
//
// # Secrets
//
// Secrets come from the configuration's own fields, from environment
// variables or, best, from files; never from URLs or command-line flags,
// which show in logs, process listings (ps) and Referer headers. [Open]
// rejects a base URL that carries a user name or password
// ("https://user:pass@host") or a query, and never repeats such a URL in
// its error. [Config] implements String, GoString, fmt.Formatter,
// slog.LogValuer and json.Marshaler with every secret redacted: a setting
// shows only when its provider's registration declares it and not as a
// secret (the paths of secret files show too). A [Section] alone, which
// does not know its provider, shows only its file paths. The providers'
// own Config types hold their secrets as payments.Secret, which never
// prints.
package providers
