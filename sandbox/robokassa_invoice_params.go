package sandbox

import (
	"fmt"
	"strings"
)

// rkExtras are what an Invoice API invoice's AdditionalParameters ask of
// its payment, as robokassa/sdk-php sends them (sendHold, sendSavedCard:
// "AdditionalParameters":{"StepByStep":"true","ResultURL2":"…","IsTest":"1"}).
type rkExtras struct {
	hold, recurring, isTest bool
	resultURL2, email       string
}

// rkInvoiceExtras reads AdditionalParameters (values as strings, or any
// JSON scalar written as text), or says why they are refused. test is
// whether the request's JWT was keyed with TestPassword1, which IsTest "1"
// must match. Recurring and Token are forbidden with StepByStep
// (robokassa/sdk-php); Token (a saved-card payment) is not simulated.
func rkInvoiceExtras(m map[string]any, test bool) (rkExtras, string) {
	var x rkExtras
	get := func(name string) string {
		for k, v := range m {
			if strings.EqualFold(k, name) && v != nil {
				return fmt.Sprint(v)
			}
		}
		return ""
	}
	flag := func(name string, dst *bool) string {
		switch v := get(name); v {
		case "", "false", "0":
		case "true", "1":
			*dst = true
		default:
			return "AdditionalParameters." + name + " must be true or false"
		}
		return ""
	}
	for _, name := range []string{"StepByStep", "Recurring"} {
		dst := &x.hold
		if name == "Recurring" {
			dst = &x.recurring
		}
		if why := flag(name, dst); why != "" {
			return x, why
		}
	}
	if why := flag("IsTest", &x.isTest); why != "" {
		return x, why
	}
	x.resultURL2, x.email = get("ResultURL2"), get("Email")
	switch {
	case x.isTest != test:
		return x, "AdditionalParameters.IsTest does not match the key the request was signed with"
	case x.hold && (x.recurring || get("Token") != ""):
		return x, "StepByStep cannot be combined with Recurring or Token"
	case get("Token") != "":
		return x, "saved-card payments (Token) are not simulated by the sandbox"
	case x.resultURL2 != "" && !rkAbsoluteURL(x.resultURL2):
		return x, "AdditionalParameters.ResultURL2 must be an absolute URL"
	case x.email != "" && !strings.Contains(x.email, "@"):
		return x, "AdditionalParameters.Email is not an email address"
	}
	return x, ""
}
