package sandbox

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestClientSDKMerchantRedacted checks that the merchant's secret never
// prints, alone or inside Options.
func TestClientSDKMerchantRedacted(t *testing.T) {
	t.Parallel()
	const secret = "very-secret-value"
	m := ClientSDKMerchant{MerchantID: "13", ProductID: "15", Secret: secret, NotificationURL: "https://shop.example/webhooks"}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("merchant", "m", m, "opts", Options{ClientSDK: m})
	outputs := map[string]string{
		"%v":      fmt.Sprintf("%v", m),
		"%+v":     fmt.Sprintf("%+v", m),
		"%#v":     fmt.Sprintf("%#v", m),
		"%s":      fmt.Sprintf("%s", m),
		"%q":      fmt.Sprintf("%q", m),
		"%x":      fmt.Sprintf("%x", m),
		"options": fmt.Sprintf("%+v %#v", Options{ClientSDK: m}, Options{ClientSDK: m}),
		"slog":    logged.String(),
	}
	for name, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("%s prints the secret: %s", name, out)
		}
		if name != "%x" && !strings.Contains(out, "13") {
			t.Errorf("%s lost the merchant id: %s", name, out)
		}
	}
}
