package main

import (
	"fmt"
	"io"

	"github.com/paykit/payments/sandbox"
)

// envVar is one line of the environment to point an app at the sandbox.
type envVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type sandboxJSON struct {
	URL string `json:"url"`
	// Provider is the provider the text banner's PAYMENTS_PROVIDER line
	// selects (-provider); each Env below is complete for its own.
	Provider  string `json:"provider"`
	Robokassa struct {
		MerchantLogin string   `json:"merchant_login"`
		Algorithm     string   `json:"algorithm"`
		ResultURL     string   `json:"result_url,omitempty"`
		ResultMethod  string   `json:"result_method"`
		SuccessURL    string   `json:"success_url,omitempty"`
		FailURL       string   `json:"fail_url,omitempty"`
		Env           []envVar `json:"env"`
	} `json:"robokassa"`
	ClientSDK struct {
		MerchantID      string   `json:"merchant_id"`
		ProductID       string   `json:"product_id"`
		NotificationURL string   `json:"notification_url,omitempty"`
		Env             []envVar `json:"env"`
	} `json:"clientsdk"`
	TBank struct {
		TerminalKey     string   `json:"terminal_key"`
		NotificationURL string   `json:"notification_url,omitempty"`
		Env             []envVar `json:"env"`
	} `json:"tbank"`
	Note     string            `json:"note"`
	Triggers map[string]string `json:"triggers"`
}

// sandboxProviders are the providers "payments sandbox -provider" selects.
var sandboxProviders = []string{"robokassa", "clientsdk", "tbank"}

// sandboxResult describes the running sandbox; provider is the one the
// banner's PAYMENTS_PROVIDER selects.
func sandboxResult(srv *sandbox.Server, opts sandbox.Options, provider string) sandboxJSON {
	shop := srv.RobokassaShop()
	url := srv.URL()
	var res sandboxJSON
	res.URL = url
	res.Provider = provider
	res.Note = "the passwords and secret in env are " + sandboxNote
	rk := &res.Robokassa
	rk.MerchantLogin = shop.MerchantLogin
	rk.Algorithm = string(shop.Algorithm)
	rk.ResultURL = shop.ResultURL
	rk.ResultMethod = shop.ResultMethod
	rk.SuccessURL = shop.SuccessURL
	rk.FailURL = shop.FailURL
	rk.Env = []envVar{
		{"PAYMENTS_PROVIDER", "robokassa"},
		{"ROBOKASSA_MERCHANT_LOGIN", shop.MerchantLogin},
		{"ROBOKASSA_PASSWORD1", shop.Password1},
		{"ROBOKASSA_PASSWORD2", shop.Password2},
		{"ROBOKASSA_PASSWORD3", shop.Password3},
		{"ROBOKASSA_TEST_PASSWORD1", shop.TestPassword1},
		{"ROBOKASSA_TEST_PASSWORD2", shop.TestPassword2},
		{"ROBOKASSA_ALGORITHM", string(shop.Algorithm)},
		{"ROBOKASSA_AUTH_URL", url},
		{"ROBOKASSA_SERVICES_URL", url},
	}
	cs := &res.ClientSDK
	cs.MerchantID = sandbox.ClientSDKMerchantID
	cs.ProductID = sandbox.ClientSDKProductID
	cs.NotificationURL = opts.ClientSDK.NotificationURL
	if opts.ClientSDK.MerchantID != "" {
		cs.MerchantID = opts.ClientSDK.MerchantID
	}
	if opts.ClientSDK.ProductID != "" {
		cs.ProductID = opts.ClientSDK.ProductID
	}
	cs.Env = []envVar{
		{"PAYMENTS_PROVIDER", "clientsdk"},
		{"CLIENTSDK_BASE_URL", url},
		{"CLIENTSDK_MERCHANT_ID", cs.MerchantID},
		{"CLIENTSDK_PRODUCT_ID", cs.ProductID},
		{"CLIENTSDK_SECRET", sandbox.ClientSDKSecret},
	}
	if cs.NotificationURL != "" {
		cs.Env = append(cs.Env, envVar{"CLIENTSDK_NOTIFICATION_URL", cs.NotificationURL})
	} else {
		cs.Env = append(cs.Env, envVar{"CLIENTSDK_NOTIFICATION_PATH", "/webhooks"})
	}
	tb := &res.TBank
	api := srv.TBankAPI()
	tb.TerminalKey = api.TerminalKey
	tb.NotificationURL = opts.TBank.NotificationURL
	tb.Env = []envVar{
		{"PAYMENTS_PROVIDER", "tbank"},
		{"TBANK_TERMINAL_KEY", api.TerminalKey},
		{"TBANK_PASSWORD", api.Password.Reveal()},
		{"TBANK_BASE_URL", api.BaseURL},
	}
	res.Triggers = map[string]string{
		sandbox.TriggerDecline:           "declined",
		sandbox.TriggerUnavailable:       "unavailable (503, nothing happens)",
		sandbox.TriggerOutcomeUnknown:    "outcome unknown (acts, then answers 500)",
		sandbox.TriggerDuplicateWebhook:  "every webhook delivered twice",
		sandbox.TriggerInsufficientFunds: "refunds and payouts refused for lack of funds",
	}
	return res
}

func writeSandbox(w io.Writer, res sandboxJSON) {
	rk, cs, tb := res.Robokassa, res.ClientSDK, res.TBank
	fmt.Fprintf(w, "Sandbox running at %s (Ctrl-C to stop)\n\n", res.URL)
	fmt.Fprintf(w, "Robokassa shop %q, algorithm %s\n", rk.MerchantLogin, rk.Algorithm)
	if rk.ResultURL != "" {
		kv(w, "ResultURL", rk.ResultMethod+" "+rk.ResultURL)
	} else {
		kv(w, "ResultURL", "none: no paid notifications (pass -result-url)")
	}
	kv(w, "SuccessURL", rk.SuccessURL)
	kv(w, "FailURL", rk.FailURL)
	fmt.Fprintf(w, "clientsdk merchant_id %s, product_id %s\n", cs.MerchantID, cs.ProductID)
	if cs.NotificationURL != "" {
		kv(w, "webhooks", cs.NotificationURL+" (unless a payment names its own)")
	} else {
		kv(w, "webhooks", "to each payment's notification URL (CLIENTSDK_NOTIFICATION_URL)")
	}
	fmt.Fprintf(w, "T-Bank terminal %s\n", tb.TerminalKey)
	if tb.NotificationURL != "" {
		kv(w, "webhooks", tb.NotificationURL+" (unless a payment names its own)")
	} else {
		kv(w, "webhooks", "none unless a payment names its URL (pass -notification-url)")
	}
	// One PAYMENTS_PROVIDER line, so that pasting the whole block selects
	// one provider; every section is read and that line chooses.
	var others []string
	for _, p := range sandboxProviders {
		if p != res.Provider {
			others = append(others, p)
		}
	}
	fmt.Fprintf(w, "\nTo point an app or this tool at it, set these variables. The passwords and\nthe secret are %s.\n", sandboxNote)
	fmt.Fprintf(w, "Every provider's variables are set and PAYMENTS_PROVIDER chooses: to use another,\nchange it or run \"payments sandbox -provider %s\"\nor \"payments sandbox -provider %s\".\n", others[0], others[1])
	fmt.Fprintf(w, "\n  export PAYMENTS_PROVIDER=%s   # or %s or %s\n", res.Provider, others[0], others[1])
	exports := func(title string, env []envVar) {
		fmt.Fprintf(w, "\n  # %s\n", title)
		for _, v := range env {
			if v.Name != "PAYMENTS_PROVIDER" {
				fmt.Fprintf(w, "  export %s=%s\n", v.Name, v.Value)
			}
		}
	}
	exports("Robokassa", rk.Env)
	exports("clientsdk", cs.Env)
	if cs.NotificationURL == "" {
		fmt.Fprintln(w, "  # and CLIENTSDK_NOTIFICATION_URL=<your app's webhook URL> to receive webhooks")
	}
	exports("T-Bank", tb.Env)
	fmt.Fprintln(w, "  # and TBANK_TAXATION=<your tax system, such as usn_income> to send receipts")
	fmt.Fprintf(w, "\nScenario amounts: %s declined, %s unavailable, %s outcome unknown,\n%s duplicate webhooks, %s insufficient funds. Events follow on standard error.\n",
		sandbox.TriggerDecline, sandbox.TriggerUnavailable, sandbox.TriggerOutcomeUnknown, sandbox.TriggerDuplicateWebhook, sandbox.TriggerInsufficientFunds)
}
