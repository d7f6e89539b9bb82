package tbank

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"
)

// Token computes T-Bank's request and notification signature over the raw
// JSON values of an object's root keys, as documented in «Прием платежей»,
// section «Токен» (https://www.tbank.ru/kassa/dev/payments/index.html) and
// on https://developer.tbank.ru/eacq/intro/developer/token:
//
//  1. take the root key/value pairs; nested objects and arrays (Receipt,
//     DATA, notification Data, Shops, ...), nulls and Token itself are left
//     out;
//  2. add the pair Password = the terminal password;
//  3. sort the pairs by key, ordinally (byte order, case-sensitive);
//  4. concatenate the values only: strings as decoded, numbers as their
//     JSON text, booleans as true/false;
//  5. SHA-256 over the UTF-8 bytes, lower-case hex.
//
// fields holds each root value as received (json.RawMessage), so that a
// notification is verified over exactly what T-Bank sent.
func Token(fields map[string]json.RawMessage, password string) (string, error) {
	base, err := tokenBase(fields, password)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(base))
	return hex.EncodeToString(sum[:]), nil
}

// tokenBase is the string Token hashes. It never leaves the package: it
// contains the password.
func tokenBase(fields map[string]json.RawMessage, password string) (string, error) {
	vals := map[string]string{"Password": password}
	for k, raw := range fields {
		if k == "Token" || k == "Password" {
			continue
		}
		v, ok, err := scalarText(raw)
		if err != nil {
			return "", err
		}
		if ok {
			vals[k] = v
		}
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys) // ordinal, as Java's TreeMap<String,String> in T-Bank's sample
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(vals[k])
	}
	return b.String(), nil
}

// scalarText returns the text a root value contributes to the Token, and
// false for values that contribute nothing (objects, arrays, null).
func scalarText(raw json.RawMessage) (string, bool, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "", false, errors.New("empty JSON value")
	}
	switch t[0] {
	case '{', '[':
		return "", false, nil
	case '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return "", false, err
		}
		return s, true, nil
	case 'n':
		if string(t) == "null" {
			return "", false, nil
		}
	case 't', 'f':
		if string(t) == "true" || string(t) == "false" {
			return string(t), true, nil
		}
	default:
		var n json.Number
		if err := json.Unmarshal(t, &n); err == nil {
			return string(t), true, nil // numbers as sent
		}
	}
	return "", false, errors.New("malformed JSON value")
}

// tokenEqual compares two hex tokens in constant time, ignoring the case
// of the hex digits.
func tokenEqual(got, want string) bool {
	g, err1 := hex.DecodeString(strings.ToLower(got))
	w, err2 := hex.DecodeString(want)
	if err1 != nil || err2 != nil || len(g) != sha256.Size || len(w) != sha256.Size {
		return false
	}
	return subtle.ConstantTimeCompare(g, w) == 1
}

// parseObject decodes a JSON object into its root values as received. It
// refuses anything but one object, and an object that repeats a key: a
// repeated key would let the signed value and the read value differ.
// Keys are kept exactly as sent: "Data" and "DATA" are different keys
// (encoding/json's struct decoding would match them case-insensitively).
func parseObject(body []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, ok := kt.(string)
		if !ok {
			return nil, errors.New("malformed object key")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if _, dup := out[k]; dup {
			return nil, errors.New("repeated key " + strconvQuote(k))
		}
		out[k] = v
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	return out, nil
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
