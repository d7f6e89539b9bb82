package robokassa

import (
	"crypto/hmac"
	"encoding/base64"
	"hash"

	"github.com/golang-jwt/jwt/v5"
)

// SigningMethodHMAC is a golang-jwt signing method for the Invoice API's
// non-standard "alg" values (https://docs.robokassa.ru/ru/invoice-api): an
// HMAC over the shop's hash algorithm, with the algorithm's Robokassa name as
// "alg". The package registers nothing with golang-jwt: it signs with the
// method named by the shop's algorithm ([SigningMethodFor]), and code that
// verifies such a token calls the method's Verify itself, or registers the
// methods in its own program if it wants jwt.Parse to resolve them.
type SigningMethodHMAC struct {
	// Algorithm is the hash algorithm and the "alg" value.
	Algorithm Algorithm
}

// The Invoice API's signing methods, one per shop algorithm.
var (
	SigningMethodMD5       = &SigningMethodHMAC{MD5}       // "alg": "MD5"
	SigningMethodRIPEMD160 = &SigningMethodHMAC{RIPEMD160} // "alg": "RIPEMD160"
	SigningMethodSHA1      = &SigningMethodHMAC{SHA1}      // "alg": "SHA1"
	SigningMethodSHA256    = &SigningMethodHMAC{SHA256}    // "alg": "SHA256"
	SigningMethodSHA384    = &SigningMethodHMAC{SHA384}    // "alg": "SHA384"
	SigningMethodSHA512    = &SigningMethodHMAC{SHA512}    // "alg": "SHA512"
)

// SigningMethodFor returns the signing method of algorithm a, or nil if a
// is not one of the six.
func SigningMethodFor(a Algorithm) *SigningMethodHMAC {
	for _, m := range []*SigningMethodHMAC{
		SigningMethodMD5, SigningMethodRIPEMD160, SigningMethodSHA1,
		SigningMethodSHA256, SigningMethodSHA384, SigningMethodSHA512,
	} {
		if m.Algorithm == a {
			return m
		}
	}
	return nil
}

// Alg returns the Robokassa name of the algorithm ("MD5", "RIPEMD160", ...).
func (m *SigningMethodHMAC) Alg() string { return string(m.Algorithm) }

func (m *SigningMethodHMAC) mac(signingString string, key any) ([]byte, error) {
	k, ok := key.([]byte)
	if !ok {
		return nil, jwt.ErrInvalidKeyType
	}
	if len(k) == 0 || !m.Algorithm.Valid() {
		return nil, jwt.ErrInvalidKey
	}
	h := hmac.New(func() hash.Hash { return m.Algorithm.New() }, k)
	h.Write([]byte(signingString))
	return h.Sum(nil), nil
}

// Sign returns the HMAC of signingString with key, which must be a
// non-empty []byte.
func (m *SigningMethodHMAC) Sign(signingString string, key any) ([]byte, error) {
	return m.mac(signingString, key)
}

// Verify checks sig in constant time; key must be a non-empty []byte.
func (m *SigningMethodHMAC) Verify(signingString string, sig []byte, key any) error {
	want, err := m.mac(signingString, key)
	if err != nil {
		return err
	}
	if !hmac.Equal(sig, want) {
		return jwt.ErrSignatureInvalid
	}
	return nil
}

// invoiceMethod returns the Invoice API's method for the shop's algorithm,
// named explicitly rather than looked up in golang-jwt's registry.
func invoiceMethod(a Algorithm) jwt.SigningMethod {
	if m := SigningMethodFor(a); m != nil {
		return m
	}
	return nil
}

// refundMethod returns the Refund API's method: golang-jwt's HS256 (the
// default), HS384 or HS512 (https://docs.robokassa.ru/ru/refund-api).
func refundMethod(alg string) (jwt.SigningMethod, error) {
	switch alg {
	case "", "HS256":
		return jwt.SigningMethodHS256, nil
	case "HS384":
		return jwt.SigningMethodHS384, nil
	case "HS512":
		return jwt.SigningMethodHS512, nil
	}
	return nil, &ConfigError{Field: "RefundAlgorithm", Reason: "must be HS256, HS384 or HS512, got " + quote(alg)}
}

// signJWT returns header.payload.signature with the header exactly as
// given (Robokassa's documented header puts "typ" before "alg", which a
// map-based header cannot reproduce, https://docs.robokassa.ru/ru/invoice-api)
// and the payload marshalled compactly (the Refund API: "The JSON object
// must be compact", https://docs.robokassa.ru/ru/refund-api).
func signJWT(method jwt.SigningMethod, payload any, key []byte, typFirst bool) (string, error) {
	var header string
	if typFirst {
		header = `{"typ":"JWT","alg":"` + method.Alg() + `"}`
	} else {
		header = `{"alg":"` + method.Alg() + `","typ":"JWT"}`
	}
	body, err := compactJSON(payload)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	ss := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString(body)
	sig, err := method.Sign(ss, key)
	if err != nil {
		return "", err
	}
	return ss + "." + enc.EncodeToString(sig), nil
}
