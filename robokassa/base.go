package robokassa

import (
	"net/url"
	"strings"
)

// The signature base strings, shared by the code that signs and the code
// that verifies, on the shop's side and on Robokassa's.

// shpPair is one Shp_ parameter.
type shpPair struct{ name, value string }

// insertShp adds kv to shp, keeping it sorted ordinally by name (insertion
// sort: there are few).
func insertShp(shp []shpPair, kv shpPair) []shpPair {
	shp = append(shp, kv)
	for i := len(shp) - 1; i > 0 && shp[i].name < shp[i-1].name; i-- {
		shp[i], shp[i-1] = shp[i-1], shp[i]
	}
	return shp
}

// formShp appends to dst the Shp_ parameters of form (any-case prefix),
// names as received and the first value of each, sorted by name. repeated
// names one that was not sent exactly once, if any.
func formShp(dst []shpPair, form url.Values) (shp []shpPair, repeated string) {
	shp = dst
	for k, vs := range form {
		if !isShp(k) {
			continue
		}
		if len(vs) != 1 {
			repeated = k
		}
		if len(vs) > 0 {
			shp = insertShp(shp, shpPair{k, vs[0]})
		}
	}
	return shp, repeated
}

// ambiguousShp reports whether a Shp_ name or value would make a signed
// base string ambiguous: the pairs are joined as ":name=value" without
// escaping, so a ':' could add a pair ("hi:Shp_plan=premium") and an '='
// could move the boundary between a name and its value.
func ambiguousShp(s string) bool { return strings.ContainsAny(s, ":=") }

// checkFormShp returns the name of the first of shp whose name or value
// is ambiguous (ambiguousShp), or "".
func checkFormShp(shp []shpPair) string {
	for _, kv := range shp {
		if ambiguousShp(kv.name) || ambiguousShp(kv.value) {
			return kv.name
		}
	}
	return ""
}

// appendShp appends the Shp_ part of a base string: ":" prefix name "="
// value for each pair of the sorted shp.
func appendShp(b []byte, prefix string, shp []shpPair) []byte {
	for _, kv := range shp {
		b = append(append(append(b, ':'), prefix...), kv.name...)
		b = append(append(b, '='), kv.value...)
	}
	return b
}

// linkSignedNames are the optional signed parameters of a payment link, in
// the order of its base string; each is there only when it is not empty
// (https://docs.robokassa.ru/script-parameters/; https://docs.robokassa.ru/pay-interface).
var linkSignedNames = [...]string{"OutSumCurrency", "UserIp", "Receipt", "StepByStep", "ResultUrl2",
	"SuccessUrl2", "SuccessUrl2Method", "FailUrl2", "FailUrl2Method", "Token"}

// linkParts are the values of linkSignedNames, in their order.
type linkParts = [len(linkSignedNames)]string

// appendLinkBase appends a payment link's base string up to the password
// (https://docs.robokassa.ru/script-parameters/): MerchantLogin:OutSum:InvId (InvId may be empty), then
// each part that is not empty, then the password. The Shp_ pairs follow
// (appendShp).
func appendLinkBase[S ~string | ~[]byte](b []byte, login string, outSum, invID S, parts *linkParts, password string) []byte {
	b = append(b, login...)
	b = append(append(b, ':'), outSum...)
	b = append(append(b, ':'), invID...)
	for _, part := range parts {
		if part != "" {
			b = append(append(b, ':'), part...)
		}
	}
	return append(append(b, ':'), password...)
}

// appendNotificationBase appends the base string of a ResultURL or
// SuccessURL callback (https://docs.robokassa.ru/notifications-and-redirects): OutSum:InvId:password and the
// sorted Shp_ pairs with their names as received.
func appendNotificationBase(b []byte, outSum, invID, password string, shp []shpPair) []byte {
	b = append(b, outSum...)
	b = append(append(b, ':'), invID...)
	b = append(append(b, ':'), password...)
	return appendShp(b, "", shp)
}
