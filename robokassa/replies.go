package robokassa

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseHoldReply reads the answer of Merchant/Payment/Confirm or Cancel:
// a JSON string literal, "success: true" or "success: false" with the
// quotes (robokassa/sdk-php tests). robokassa/sdk-android's ApiClient.kt
// accepts any body containing success:true or success: true, so the
// parsing is tolerant: the quotes of a JSON string are removed, then all
// white space, and what is left is compared with success:true and
// success:false ignoring case. accepted says which; ok is false for any
// other answer (such as {"success":true}, which no source shows), whose
// meaning is unknown.
func parseHoldReply(body []byte) (accepted, ok bool) {
	s := strings.TrimSpace(string(body))
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		var u string
		if json.Unmarshal([]byte(s), &u) == nil {
			s = u
		} else {
			s = s[1 : len(s)-1]
		}
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	switch {
	case strings.EqualFold(s, "success:true"):
		return true, true
	case strings.EqualFold(s, "success:false"):
		return false, true
	}
	return false, false
}

// parseRecurringReply reads the answer of Merchant/Recurring: "OK" and the
// child's InvoiceID, such as OK200002, accepted case-insensitively, around
// white space and with an optional '+' as robokassa/sdk-php does
// (PaymentService::decodeRecurringResponse, ~^OK\+?\d+$~i). It returns the
// InvoiceID and true, or false for any other body.
func parseRecurringReply(body []byte) (invID int64, ok bool) {
	s := strings.TrimSpace(string(body))
	if len(s) < 3 || !strings.EqualFold(s[:2], "OK") {
		return 0, false
	}
	digits := s[2:]
	if digits[0] == '+' { // sdk-php's pattern is ^OK\+?\d+$
		digits = digits[1:]
	}
	if digits == "" || digits[0] == '0' { // an InvoiceID is written without leading zeros
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// maxReplyText bounds the part of an answer kept in an error.
const maxReplyText = 200

// replyText returns an answer's text for an error message: trimmed, valid
// UTF-8, control characters replaced, at most maxReplyText characters.
func replyText(body []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(body), "\uFFFD"))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > maxReplyText {
		s = string([]rune(s)[:maxReplyText]) + "…"
	}
	return s
}
