package clientsdk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-jose/go-jose/v4"
	"github.com/paykit/payments"
)

// Param is one signed request or webhook field. Values are strings: the
// provider signs the text it receives, so amounts and ids are formatted once
// by the caller and the same text is sent and signed. A field that is absent
// is left out of the slice; an empty Value is a present, empty field and is
// signed as "" (as the Python SDK does: client_payment_sdk/sign.py).
type Param struct {
	// Key is the field name.
	Key string
	// Value is the field's text.
	Value string
}

// protectedHeader is the base64url form of the only JOSE header the
// provider uses, {"alg":"HS256"} (client-payment-sdk-python client_payment_sdk/sign.py).
const protectedHeader = "eyJhbGciOiJIUzI1NiJ9"

// sigLen is the length of an unpadded base64url HMAC-SHA256 signature.
const sigLen = 43

// Sign returns the request signature the provider expects for a call of
// method (GET or POST) to endpoint (the path, such as "/init") with params,
// made with secret: the HS256 JWS over the canonical payload
//
//	{"PATH":endpoint,"METHOD":{"key":"value",...}}
//
// with the keys sorted byte-wise and no spaces, of which only the third
// (signature) segment is returned, as the Python client-payment-sdk 0.0.1
// computes it (github.com/Space-Around/client-payment-sdk-python
// client_payment_sdk/sign.py and utils.py). The JWS is assembled by go-jose v4; the
// HMAC is computed by an opaque signer, because go-jose refuses HMAC keys
// shorter than 32 bytes and this provider's secrets are shorter.
//
// The canonical payload is written without JSON escaping, as both public
// SDKs do for plain text. Keys and values that contain '"', '\\', control
// characters, U+2028, U+2029 or invalid UTF-8, on which the two SDKs'
// canonical forms disagree, are rejected with an error wrapping
// payments.ErrInvalidRequest, as are duplicate and empty keys. The error
// names the offending key, never the value.
func Sign(endpoint, method string, params []Param, secret string) (string, error) {
	payload, err := canonical(endpoint, method, params)
	if err != nil {
		return "", err
	}
	signer, err := newJWSSigner(secret)
	if err != nil {
		return "", err
	}
	return signJWS(signer, payload)
}

// canonical validates the inputs and returns the canonical payload.
func canonical(endpoint, method string, params []Param) ([]byte, error) {
	if !plainText(endpoint) {
		return nil, checkText("endpoint", endpoint)
	}
	method = strings.ToUpper(method)
	if method == "" {
		return nil, signErrorf("method is empty")
	}
	if !plainText(method) {
		return nil, checkText("method", method)
	}
	size := len(`{"PATH":"","":{}}`) + len(endpoint) + len(method)
	sorted := true
	for i, p := range params {
		if p.Key == "" {
			return nil, signErrorf("a parameter has an empty name")
		}
		if !plainText(p.Key) {
			return nil, checkText("parameter name", p.Key)
		}
		if !plainText(p.Value) {
			return nil, checkText("parameter "+p.Key, p.Value)
		}
		size += len(`"":"",`) + len(p.Key) + len(p.Value)
		if i > 0 && params[i-1].Key >= p.Key {
			sorted = false
		}
	}
	if !sorted {
		params = sortParams(params)
		for i := 1; i < len(params); i++ {
			if params[i].Key == params[i-1].Key {
				return nil, signErrorf("parameter %s is given twice", params[i].Key)
			}
		}
	}
	return appendCanonical(make([]byte, 0, size), endpoint, method, params), nil
}

// sortParams returns a copy of params sorted by key, byte-wise (which is
// Python's code-point order for valid UTF-8; client_payment_sdk/sign.py).
func sortParams(params []Param) []Param {
	sorted := slices.Clone(params)
	slices.SortFunc(sorted, func(a, b Param) int { return strings.Compare(a.Key, b.Key) })
	return sorted
}

// appendCanonical writes {"PATH":endpoint,"METHOD":{"k":"v",...}} for
// params already sorted, raw, exactly as the Python SDK's dict_to_str does
// (client_payment_sdk/utils.py). It does no validation: callers check the text
// first.
func appendCanonical(dst []byte, endpoint, method string, sorted []Param) []byte {
	dst = append(dst, `{"PATH":"`...)
	dst = append(dst, endpoint...)
	dst = append(dst, `","`...)
	dst = append(dst, method...)
	dst = append(dst, `":{`...)
	for i, p := range sorted {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, p.Key...)
		dst = append(dst, `":"`...)
		dst = append(dst, p.Value...)
		dst = append(dst, '"')
	}
	return append(dst, "}}"...)
}

// checkText rejects text whose canonical form is ambiguous: the Python SDK
// writes it raw (invalid JSON), the PHP SDK escapes it (client-payment-sdk-python
// client_payment_sdk/utils.py; creater777/sbank src/common/Request.php). PHP's json_encode also escapes U+2028 and U+2029 even with
// JSON_UNESCAPED_UNICODE.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return signErrorf("%s is not valid UTF-8", what)
	}
	if !plainText(s) {
		return signErrorf("%s contains a quote, backslash or control character, whose signed form is ambiguous", what)
	}
	return nil
}

// plainText reports whether s is valid UTF-8 without a quote, a
// backslash, control characters, U+2028 or U+2029.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

func signErrorf(format string, args ...any) error {
	return &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Err: fmt.Errorf("signing: "+format, args...)}
}

// hmacSigner is the jose.OpaqueSigner that computes HS256 with a key of any
// length. It exposes no public key, so go-jose writes no "kid" or "jwk"
// header and the protected header stays {"alg":"HS256"}.
type hmacSigner struct {
	key []byte
}

// Public implements jose.OpaqueSigner: a symmetric key has no public half.
func (s *hmacSigner) Public() *jose.JSONWebKey { return nil }

// Algs implements jose.OpaqueSigner.
func (s *hmacSigner) Algs() []jose.SignatureAlgorithm { return hs256Only }

var hs256Only = []jose.SignatureAlgorithm{jose.HS256}

// SignPayload implements jose.OpaqueSigner.
func (s *hmacSigner) SignPayload(payload []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if alg != jose.HS256 {
		return nil, jose.ErrUnsupportedAlgorithm
	}
	m := hmac.New(sha256.New, s.key)
	m.Write(payload)
	return m.Sum(nil), nil
}

// newJWSSigner returns a go-jose HS256 signer over secret's UTF-8 bytes
// (jwcrypto's JWK.from_password in client_payment_sdk/sign.py).
func newJWSSigner(secret string) (jose.Signer, error) {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: &hmacSigner{key: []byte(secret)}}, nil)
	if err != nil {
		return nil, &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Message: "signing", Err: err}
	}
	return s, nil
}

// signJWS signs payload and returns the signature segment only (jwcrypto's
// serialize()["signature"] in client_payment_sdk/sign.py).
func signJWS(signer jose.Signer, payload []byte) (string, error) {
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Message: "signing", Err: err}
	}
	if len(jws.Signatures) != 1 {
		return "", &payments.Error{Provider: providerName, Kind: payments.ErrInvalidRequest, Message: "signing: go-jose returned no signature"}
	}
	return base64.RawURLEncoding.EncodeToString(jws.Signatures[0].Signature), nil
}

// rawMAC returns HMAC-SHA256(secret, header "." b64url(payload)), the bytes
// of the signature, without go-jose. Webhook verification compares against
// it in constant time.
func rawMAC(secret, payload []byte) []byte {
	enc := base64.RawURLEncoding
	input := make([]byte, 0, len(protectedHeader)+1+enc.EncodedLen(len(payload)))
	input = append(input, protectedHeader+"."...)
	input = enc.AppendEncode(input, payload)
	m := hmac.New(sha256.New, secret)
	m.Write(input)
	return m.Sum(nil)
}
