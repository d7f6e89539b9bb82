package clientsdk

import (
	"crypto/hmac"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// parseWebhookForm decodes a form body into its fields (every field but
// the signature, each once, with text that signs unambiguously) and the
// signature.
func parseWebhookForm(body []byte) ([]Param, string, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, "", payments.Errorf(payments.ErrInvalidRequest, "webhook body is not a form: %v", err)
	}
	return formFields(form)
}

// formFields splits a parsed form into its sorted fields and signature.
func formFields(form url.Values) ([]Param, string, error) {
	var sig string
	fields := make([]Param, 0, len(form))
	for k, vs := range form {
		if len(vs) != 1 {
			return nil, "", payments.Errorf(payments.ErrInvalidRequest, "webhook field %q is repeated", k)
		}
		if k == "signature" {
			sig = vs[0]
			continue
		}
		if k == "" {
			return nil, "", payments.Errorf(payments.ErrInvalidRequest, "webhook has a field without a name")
		}
		if checkText("name", k) != nil {
			return nil, "", payments.Errorf(payments.ErrInvalidRequest, "webhook has a field name whose signed form is ambiguous")
		}
		if checkText(k, vs[0]) != nil {
			return nil, "", payments.Errorf(payments.ErrInvalidRequest, "webhook field %q has a quote, backslash or control character: its signed form is ambiguous", k)
		}
		fields = append(fields, Param{k, vs[0]})
	}
	if sig == "" {
		return nil, "", payments.Errorf(payments.ErrInvalidSignature, "webhook has no signature")
	}
	return sortParams(fields), sig, nil
}

// VerifyFormSignature checks the "signature" field of a form the provider
// signed (a webhook, for one) against path, the method POST and secret,
// exactly as Provider.VerifyWebhook does, for apps that parse the request
// themselves (the Python SDK's Webhook.verify_signature). It returns nil,
// or an error wrapping payments.ErrInvalidSignature (missing, malformed or
// wrong signature) or payments.ErrInvalidRequest (repeated fields, or text
// whose signed form is ambiguous).
func VerifyFormSignature(form url.Values, path, secret string) error {
	if secret == "" {
		return configError("Secret", "Secret is required")
	}
	fields, sig, err := formFields(form)
	if err != nil {
		return providerkit.Stamp(providerName, payments.OpVerifyWebhook, err)
	}
	if err := verifySignature([]byte(secret), path, fields, sig); err != nil {
		return providerkit.Stamp(providerName, payments.OpVerifyWebhook, err)
	}
	return nil
}

// verifySignature checks sig over fields (sorted) as sent, then without
// the empty fields.
func verifySignature(secret []byte, path string, fields []Param, sig string) error {
	mac, jwsPayload, err := splitSignature(sig)
	if err != nil {
		return err
	}
	if check(secret, path, fields, mac, jwsPayload) {
		return nil
	}
	nonEmpty := make([]Param, 0, len(fields))
	for _, f := range fields {
		if f.Value != "" {
			nonEmpty = append(nonEmpty, f)
		}
	}
	if len(nonEmpty) < len(fields) && check(secret, path, nonEmpty, mac, jwsPayload) {
		return nil
	}
	return payments.Errorf(payments.ErrInvalidSignature, "webhook signature does not match")
}

// check reports whether mac is the HS256 signature of the canonical
// payload of fields, and jwsPayload (when not empty) that payload.
func check(secret []byte, path string, fields []Param, mac []byte, jwsPayload string) bool {
	payload := appendCanonical(make([]byte, 0, 512), path, "POST", fields)
	if jwsPayload != "" && jwsPayload != base64.RawURLEncoding.EncodeToString(payload) {
		return false
	}
	return hmac.Equal(rawMAC(secret, payload), mac)
}

// splitSignature accepts a bare 43-character base64url signature or a
// compact JWS "header.payload.signature" with the HS256 header, and
// returns the MAC bytes and the JWS payload segment ("" for none).
func splitSignature(sig string) ([]byte, string, error) {
	var payload string
	if strings.Contains(sig, ".") {
		parts := strings.Split(sig, ".")
		if len(parts) != 3 || parts[0] != protectedHeader {
			return nil, "", payments.Errorf(payments.ErrInvalidSignature, "webhook signature is neither a signature nor an HS256 JWS")
		}
		payload, sig = parts[1], parts[2]
	}
	if len(sig) != sigLen {
		return nil, "", payments.Errorf(payments.ErrInvalidSignature, "webhook signature has %d characters, not %d", len(sig), sigLen)
	}
	mac, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil {
		return nil, "", payments.Errorf(payments.ErrInvalidSignature, "webhook signature is not base64url")
	}
	return mac, payload, nil
}
