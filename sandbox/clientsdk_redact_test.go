package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestClientSDKMerchantRedacted checks that the merchant's secret never
// prints, alone or inside Options, in clear or in hex.
func TestClientSDKMerchantRedacted(t *testing.T) {
	t.Parallel()
	const secret = "very-secret-value"
	m := ClientSDKMerchant{MerchantID: "13", ProductID: "15", Secret: secret, NotificationURL: "https://shop.example/webhooks"}
	var logged, loggedText bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("merchant", "m", m)
	// Options is no LogValuer: the text handler prints it with %+v.
	slog.New(slog.NewTextHandler(&loggedText, nil)).Info("merchant", "m", m, "opts", Options{ClientSDK: m})
	outputs := map[string]string{
		"%v":        fmt.Sprintf("%v", m),
		"%+v":       fmt.Sprintf("%+v", m),
		"%#v":       fmt.Sprintf("%#v", m),
		"%s":        fmt.Sprintf("%s", m),
		"%q":        fmt.Sprintf("%q", m),
		"%x":        fmt.Sprintf("%x", m),
		"%d":        fmt.Sprintf("%d", m),
		"options":   fmt.Sprintf("%+v %#v", Options{ClientSDK: m}, Options{ClientSDK: m}),
		"slog json": logged.String(),
		"json":      jsonString(t, struct{ M ClientSDKMerchant }{m}),
		"slog text": loggedText.String(),
	}
	for name, out := range outputs {
		if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
			t.Errorf("%s prints the secret: %s", name, out)
		}
		if !strings.Contains(out, "13") {
			t.Errorf("%s lost the merchant id: %s", name, out)
		}
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
