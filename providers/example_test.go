package providers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providers"
)

// payLink is the app's code: it knows nothing of the provider.
func payLink(ctx context.Context, client *payments.Client) (string, error) {
	p, err := client.InitPayment(ctx, &payments.InitRequest{
		OrderID:     "19",
		Amount:      payments.MustParseMoney("10.00", payments.RUB),
		Description: "Shp one",
		Language:    "ru",
	})
	if err != nil {
		return "", err
	}
	return p.NextStep.URL, nil
}

// A configuration file chooses the provider; the config prints with its
// passwords redacted. The link is for a made-up shop (golden-shop), signed
// MD5("golden-shop:10.00:19:Pass1_golden8") by the rule of
// https://docs.robokassa.ru/script-parameters/ (computed, not a published
// vector).
func ExampleOpen_json() {
	file := []byte(`{
	  "provider": "robokassa",
	  "robokassa": {
	    "merchant_login": "golden-shop",
	    "password1": "Pass1_golden8",
	    "password2": "Pass2_golden8",
	    "algorithm": "MD5"
	  },
	  "options": {"timeout": "10s"}
	}`)
	var cfg providers.Config
	if err := json.Unmarshal(file, &cfg); err != nil {
		log.Fatal(err)
	}
	client, err := providers.Open(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	link, err := payLink(context.Background(), client)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	fmt.Println(cfg)
	// Output:
	// https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&SignatureValue=848263345ECB5B78DCF50608E89E73E9
	// providers.Config{Provider:"robokassa", Sections:map[string]providers.Section{"robokassa":{"algorithm":"MD5", "merchant_login":"golden-shop", "password1":"[redacted]", "password2":"[redacted]"}}, Options:providers.Options{Timeout:"10s", RetryMaxAttempts:0, RetryInitialDelay:"0s", RetryMaxDelay:"0s", MaxWebhookBytes:0, WireLog:false, HTTPClient:nil, Logger:nil, WireLogger:nil, Observer:nil, Now:nil}}
}

// The environment chooses the provider: the same variables open the
// offline fake or Robokassa, by PAYMENTS_PROVIDER alone.
func ExampleFromEnv() {
	env := map[string]string{ // os.Getenv in an app; see also LoadEnv
		"PAYMENTS_PROVIDER":            "fake",
		"PAYMENTS_FAKE_WEBHOOK_SECRET": "dev-webhook-secret", // the fake's public default is refused
		"ROBOKASSA_MERCHANT_LOGIN":     "golden-shop",
		"ROBOKASSA_PASSWORD1":          "Pass1_golden8", // or ROBOKASSA_PASSWORD1_FILE=/run/secrets/...
		"ROBOKASSA_PASSWORD2":          "Pass2_golden8",
		"ROBOKASSA_ALGORITHM":          "MD5",
	}
	for _, provider := range []string{"fake", "robokassa"} {
		env["PAYMENTS_PROVIDER"] = provider
		cfg, err := providers.FromEnv(func(k string) string { return env[k] })
		if err != nil {
			log.Fatal(err)
		}
		client, err := providers.Open(context.Background(), cfg)
		if err != nil {
			log.Fatal(err)
		}
		link, err := payLink(context.Background(), client)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(client.Provider().Name(), link)
	}

	delete(env, "ROBOKASSA_PASSWORD2")
	cfg, _ := providers.FromEnv(func(k string) string { return env[k] })
	_, err := providers.Open(context.Background(), cfg)
	fmt.Println(err)
	// Output:
	// fake https://pay.fake.invalid/pay/pay_1
	// robokassa https://auth.robokassa.ru/Merchant/Index.aspx?MerchantLogin=golden-shop&OutSum=10.00&InvId=19&Description=Shp+one&Culture=ru&SignatureValue=848263345ECB5B78DCF50608E89E73E9
	// providers: robokassa: password2 is required (env ROBOKASSA_PASSWORD2)
}
