package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/paykit/payments/robokassa"
)

// rkReadJWT reads a JWT request body (https://docs.robokassa.ru/invoice-api, https://docs.robokassa.ru/refund-api): the bare
// token (application/jwt, text/plain) or the token as a JSON string
// (application/json), whichever the client sent.
func rkReadJWT(r *http.Request) (string, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return "", err
	}
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, `"`) {
		var tok string
		if err := json.Unmarshal([]byte(s), &tok); err != nil {
			return "", err
		}
		s = tok
	}
	if s == "" {
		return "", errors.New("empty body")
	}
	return s, nil
}

// rkVerifyJWT checks tok against key, allowing only the signing methods
// named in allowed, and returns its payload JSON. A header without "alg" is
// verified with fallback when it is not empty (the Invoice API: "if absent,
// the shop's setting applies", https://docs.robokassa.ru/ru/invoice-api);
// otherwise it is refused. Methods are named explicitly (rkMethod), not
// looked up in golang-jwt's registry.
func rkVerifyJWT(tok string, allowed []string, fallback string, key []byte) ([]byte, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a compact JWS")
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, err
	}
	var h struct {
		Alg *string `json:"alg"`
	}
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, err
	}
	alg := fallback
	if h.Alg != nil {
		alg = *h.Alg
		if !slices.Contains(allowed, alg) {
			return nil, errors.New("method not allowed")
		}
	}
	if alg == "" {
		return nil, errors.New("no alg")
	}
	m := rkMethod(alg)
	if m == nil {
		return nil, errors.New("unknown method")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, err
	}
	if err := m.Verify(parts[0]+"."+parts[1], sig, key); err != nil {
		return nil, err
	}
	return base64.RawURLEncoding.DecodeString(parts[1])
}

// rkMethod returns the signing method named alg: one of Robokassa's six
// (the Invoice API) or HS256, HS384, HS512 (the Refund API); nil otherwise.
func rkMethod(alg string) jwt.SigningMethod {
	if m := robokassa.SigningMethodFor(robokassa.Algorithm(alg)); m != nil {
		return m
	}
	switch alg {
	case "HS256":
		return jwt.SigningMethodHS256
	case "HS384":
		return jwt.SigningMethodHS384
	case "HS512":
		return jwt.SigningMethodHS512
	}
	return nil
}

// rkUnauthorized answers a request whose JWT does not verify. Robokassa
// does not document this answer; the sandbox sends 401 with an empty body,
// which clients read as bad credentials.
func rkUnauthorized(w http.ResponseWriter) {
	w.WriteHeader(http.StatusUnauthorized)
}

// rkBadRequest answers a request the sandbox cannot read (undocumented at
// Robokassa too): 400 with a plain-text reason.
func rkBadRequest(w http.ResponseWriter, reason string) {
	http.Error(w, "sandbox: "+reason, http.StatusBadRequest)
}

func rkWriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
