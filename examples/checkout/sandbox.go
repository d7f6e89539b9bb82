package main

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/paykit/payments/providers"
	"github.com/paykit/payments/robokassa"
	"github.com/paykit/payments/sandbox"
)

// startSandbox starts the in-process sandbox, whose shop settings send
// notifications to the shop's webhook, and returns the provider
// configuration that points at it: the same providers.Config a real
// deployment reads from its environment, with other URLs and credentials.
func startSandbox(s settings, shopURL string, hc *http.Client, log *slog.Logger) (*sandbox.Server, providers.Config, error) {
	sb, err := sandbox.New(sandbox.Options{
		Robokassa: sandbox.RobokassaShop{Algorithm: robokassa.SHA256, ResultURL: shopURL + webhookPath},
		ClientSDK: sandbox.ClientSDKMerchant{NotificationURL: shopURL + webhookPath},
		// The terminal's settings; the shop names its own SuccessURL and
		// FailURL (the order page) with each payment.
		TBank:      sandbox.TBankTerminal{NotificationURL: shopURL + webhookPath},
		HTTPClient: hc,
		Logf:       func(format string, args ...any) { log.Info("sandbox: " + fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return nil, providers.Config{}, err
	}
	if err := sb.Start(s.sandboxAddr); err != nil {
		return nil, providers.Config{}, err
	}
	cfg, err := sandboxConfig(s.provider, sb, shopURL)
	if err != nil {
		sb.Close()
		return nil, providers.Config{}, err
	}
	return sb, cfg, nil
}

// sandboxConfig is the configuration of provider on the sandbox sb.
func sandboxConfig(provider string, sb *sandbox.Server, shopURL string) (providers.Config, error) {
	switch provider {
	case "robokassa":
		shop := sb.RobokassaShop()
		return providers.Config{Provider: provider, Sections: map[string]providers.Section{provider: {
			"merchant_login": shop.MerchantLogin,
			"password1":      shop.Password1,
			"password2":      shop.Password2,
			"password3":      shop.Password3,
			"algorithm":      string(shop.Algorithm),
			"auth_url":       sb.URL(),
			"services_url":   sb.URL(),
			// The sandbox signs its ResultUrl2 notifications (holds arrive
			// only there) with a key of its own; a real shop keeps the
			// default, Robokassa's published certificate.
			"result_url2_certificates": sb.RobokassaCertificate(),
		}}}, nil
	case "clientsdk":
		return providers.Config{Provider: provider, Sections: map[string]providers.Section{provider: {
			"base_url":         sb.URL(),
			"merchant_id":      sandbox.ClientSDKMerchantID,
			"product_id":       sandbox.ClientSDKProductID,
			"secret":           sandbox.ClientSDKSecret,
			"notification_url": shopURL + webhookPath,
		}}}, nil
	case "tbank":
		return providers.Config{Provider: provider, Sections: map[string]providers.Section{provider: {
			"terminal_key": sandbox.TBankTerminalKey,
			"password":     sandbox.TBankPassword,
			"base_url":     sb.TBankAPI().BaseURL,
			// The shop's tax system, needed by the notebook's receipt.
			"taxation": "usn_income",
		}}}, nil
	}
	return providers.Config{}, fmt.Errorf("the sandbox plays robokassa, clientsdk and tbank, not %q (use -sandbox=false for a real provider)", provider)
}
