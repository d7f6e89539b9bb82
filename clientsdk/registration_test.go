package clientsdk

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments/providerkit"
)

// TestRegistrationSettings: every setting of the registration reaches its
// Config field (the public test credentials of both SDKs, see testSecret),
// and the registration is well formed.
func TestRegistrationSettings(t *testing.T) {
	t.Parallel()
	r := Registration()
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	got, err := configFrom(providerkit.NewSettings(r, map[string]string{
		"base_url": "https://sbank.test", "merchant_id": "13", "product_id": "15", "secret": "aa21444f3f71",
		"notification_path": "/webhooks", "notification_url": "https://shop.example/webhooks?shop=1",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{BaseURL: "https://sbank.test", MerchantID: "13", ProductID: "15", Secret: "aa21444f3f71",
		NotificationPath: "/webhooks", NotificationURL: "https://shop.example/webhooks?shop=1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Config from settings (-want +got):\n%s", diff)
	}
	for _, f := range r.Fields {
		if f.Help == "" {
			t.Errorf("field %s has no help", f.Key)
		}
	}
	_, err = configFrom(providerkit.NewSettings(r, map[string]string{"merchant_id": "1\n3", "product_id": "15", "secret": "s", "notification_path": "/w"}))
	var ce *providerkit.ConfigError
	var sce *ConfigError
	if !errors.As(err, &ce) || ce.Env != "CLIENTSDK_MERCHANT_ID" || !errors.As(err, &sce) || sce.Field != "MerchantID" {
		t.Errorf("error = %v, want clientsdk's MerchantID error named CLIENTSDK_MERCHANT_ID", err)
	}
}
