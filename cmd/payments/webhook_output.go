package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/paykit/payments"
)

func eventResult(ev *payments.Event) *eventJSON {
	return &eventJSON{
		ID:           ev.ID,
		Type:         string(ev.Type),
		OrderID:      ev.OrderID,
		PaymentID:    ev.PaymentID,
		Status:       string(ev.Status),
		Amount:       amountJSON(ev.Amount),
		Currency:     string(ev.Amount.Currency),
		Fee:          amountJSON(ev.Fee),
		ErrorCode:    ev.ErrorCode,
		ErrorMessage: ev.ErrorMessage,
		Metadata:     ev.Metadata,
	}
}

func writeInput(w io.Writer, in webhookInputJSON) {
	what := "raw HTTP request"
	if in.Format == formatFormBody {
		what = "bare body"
	}
	desc := fmt.Sprintf("%s: %s %s", what, in.Method, in.Path)
	if in.ContentType != "" {
		desc += ", " + in.ContentType
	}
	desc += fmt.Sprintf(", %d-byte body", in.BodyBytes)
	kv(w, "input", desc)
	kv(w, "fields", strings.Join(in.Fields, ", "))
}

// webhookAdvice says what to check for a webhook refused with kind.
func webhookAdvice(provider, kind string, in webhookInputJSON) string {
	switch kind {
	case kindInvalidSignature:
		switch provider {
		case "robokassa":
			if !hasField(in.Fields, "SignatureValue") && !hasField(in.Fields, "crc") {
				return "the notification has no SignatureValue field: it is not a signed ResultURL notification, or the capture lost fields."
			}
			return "the signature does not match the fields: a field was changed after signing (OutSum must be exactly as sent, Shp_ parameters included), or it was signed with another password or algorithm: check ROBOKASSA_PASSWORD2 (ROBOKASSA_TEST_PASSWORD2 for test payments) and ROBOKASSA_ALGORITHM."
		case "clientsdk":
			if !hasField(in.Fields, "signature") {
				return "the webhook has no signature field: it is not a signed notification, or the capture lost fields."
			}
			return "the signature does not match the fields: a field was changed after signing, or it was signed with another secret or path: check CLIENTSDK_SECRET and CLIENTSDK_NOTIFICATION_PATH (or the path of CLIENTSDK_NOTIFICATION_URL)."
		}
		return "the signature is missing, malformed or does not match: a field was changed after signing, or it was signed with another secret."
	case kindInvalidRequest:
		return "the capture cannot be read as the provider's notification: check the method (-method), the content type (-content-type), and that the body is the form exactly as received; an amount must be a valid decimal in a known currency."
	case kindAmountMismatch:
		return "the amount or currency in the webhook is not valid for the order."
	}
	return "the provider's verifier refused it (see the message)."
}

func hasField(fields []string, name string) bool {
	for _, f := range fields {
		if strings.EqualFold(f, name) {
			return true
		}
	}
	return false
}
