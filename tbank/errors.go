package tbank

import (
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// errorKinds maps T-Bank's ErrorCode values onto the shared kinds, from
// «Коды ошибок» of «Прием платежей»
// (https://www.tbank.ru/kassa/dev/payments/index.html). A request answered
// with one of these was refused, not carried out, so the kinds hold for
// money-moving requests too; the codes of internal failures are in
// unknownCodes instead.
var errorKinds = map[string]error{
	// bad token, terminal or credentials
	"204": payments.ErrUnauthorized, "205": payments.ErrUnauthorized, "2015": payments.ErrUnauthorized,
	"202": payments.ErrUnauthorized, "331": payments.ErrUnauthorized, "501": payments.ErrUnauthorized,
	"648": payments.ErrUnauthorized,
	// not found
	"255": payments.ErrNotFound, "914": payments.ErrNotFound, "325": payments.ErrNotFound,
	"335": payments.ErrNotFound, "7": payments.ErrNotFound, "63": payments.ErrNotFound,
	"407": payments.ErrNotFound, "231": payments.ErrNotFound, "107": payments.ErrNotFound,
	"502": payments.ErrNotFound, "503": payments.ErrNotFound,
	// the payment's state does not allow the operation
	"4": payments.ErrInvalidState, "8": payments.ErrInvalidState, "100": payments.ErrInvalidState,
	"324": payments.ErrInvalidState, "54": payments.ErrInvalidState,
	// duplicates
	"20": payments.ErrDuplicate, "623": payments.ErrDuplicate, "510": payments.ErrDuplicate,
	"3037": payments.ErrDuplicate,
	// validation
	"1": payments.ErrInvalidRequest, "2": payments.ErrInvalidRequest, "9": payments.ErrInvalidRequest,
	"12": payments.ErrInvalidRequest, "201": payments.ErrInvalidRequest, "203": payments.ErrInvalidRequest,
	"1125": payments.ErrInvalidRequest, "1126": payments.ErrInvalidRequest, "3016": payments.ErrInvalidRequest,
	"3017": payments.ErrInvalidRequest, "419": payments.ErrInvalidRequest, "1119": payments.ErrInvalidRequest,
	"383": payments.ErrInvalidRequest, "384": payments.ErrInvalidRequest, "385": payments.ErrInvalidRequest,
	"386": payments.ErrInvalidRequest,
	// insufficient funds (the buyer's; 3002 and 1502 the merchant's for a refund)
	"103": payments.ErrInsufficientFunds, "116": payments.ErrInsufficientFunds, "1051": payments.ErrInsufficientFunds,
	"5060": payments.ErrInsufficientFunds, "3002": payments.ErrInsufficientFunds, "1502": payments.ErrInsufficientFunds,
	// declined by the issuer or the scheme
	"99": payments.ErrDeclined, "101": payments.ErrDeclined, "102": payments.ErrDeclined,
	"104": payments.ErrDeclined, "106": payments.ErrDeclined, "108": payments.ErrDeclined,
	"507": payments.ErrDeclined, "511": payments.ErrDeclined, "600": payments.ErrDeclined,
	"601": payments.ErrDeclined, "603": payments.ErrDeclined, "604": payments.ErrDeclined,
	"76": payments.ErrDeclined, "77": payments.ErrDeclined, "1217": payments.ErrDeclined,
	"1218": payments.ErrDeclined, "1235": payments.ErrDeclined, "1316": payments.ErrDeclined,
	"3008": payments.ErrDeclined, "3009": payments.ErrDeclined, "3010": payments.ErrDeclined,
	"3028": payments.ErrDeclined, "3031": payments.ErrDeclined,
	// slow down
	"119": payments.ErrRateLimited, "2200": payments.ErrRateLimited, "3029": payments.ErrRateLimited,
	"3030": payments.ErrRateLimited, "3041": payments.ErrRateLimited, "3042": payments.ErrRateLimited,
	// try later
	"55": payments.ErrUnavailable, "120": payments.ErrUnavailable, "123": payments.ErrUnavailable,
	"125": payments.ErrUnavailable, "402": payments.ErrUnavailable, "903": payments.ErrUnavailable,
	"999": payments.ErrUnavailable, "9001": payments.ErrUnavailable, "1030": payments.ErrUnavailable,
	"1089": payments.ErrUnavailable, "1091": payments.ErrUnavailable, "3040": payments.ErrUnavailable,
	"7999": payments.ErrUnavailable, "8002": payments.ErrUnavailable, "8004": payments.ErrUnavailable,
	// the feature is off for this terminal
	"10": payments.ErrUnsupported, "254": payments.ErrUnsupported, "3001": payments.ErrUnsupported,
	"3019": payments.ErrUnsupported, "3013": payments.ErrUnsupported, "1099": payments.ErrUnsupported,
	"3101": payments.ErrUnsupported,
}

// unknownCodes are T-Bank's internal failures, after which a request may
// or may not have been carried out ("3" internal error, "1018" unknown
// payment status, ...).
var unknownCodes = map[string]bool{"3": true, "21": true, "401": true, "515": true, "9999": true, "1018": true, "1096": true}

// kindOf classifies an ErrorCode (with the answer's Details) of exchange
// ex. Internal failures and codes this package does not know are
// payments.ErrOutcomeUnknown on a money-moving exchange (nothing is
// resent) and, on a read, ErrUnavailable and ErrProtocol respectively.
func kindOf(ex providerkit.Exchange, code, details string) error {
	if k, ok := errorKinds[code]; ok {
		return k
	}
	if k := rangeKind(code); k != nil {
		return k
	}
	if code == "9999" && (strings.Contains(details, "Token") || strings.Contains(strings.ToLower(details), "неверный токен")) {
		// Older answers report a bad or missing Token as 9999.
		return payments.ErrUnauthorized
	}
	if ex.MovesMoney {
		return payments.ErrOutcomeUnknown
	}
	if unknownCodes[code] {
		return payments.ErrUnavailable
	}
	return payments.ErrProtocol
}

// rangeKind classifies the documented ranges of codes: 206–262 and
// 308–334 validation (330: refund above the payment), 1001–1094 and
// 5032–5067 issuer declines.
func rangeKind(code string) error {
	n, ok := atoi(code)
	switch {
	case !ok:
		return nil
	case n >= 206 && n <= 262, n >= 308 && n <= 334:
		return payments.ErrInvalidRequest
	case n >= 1001 && n <= 1094 && !unknownCodes[code], n >= 5032 && n <= 5067:
		return payments.ErrDeclined
	}
	return nil
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
