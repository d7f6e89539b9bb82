package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	// The robokassa package registers the Invoice API's non-standard
	// signing methods ("MD5", "RIPEMD160", ...) with golang-jwt.
	_ "github.com/paykit/payments/robokassa"
)

// rkReadJWT reads a JWT request body (wire notes §2.6, §2.7): the bare
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

// rkVerifyJWT checks tok with golang-jwt against key, allowing only the
// signing methods named in allowed, and returns its payload JSON. A header
// without "alg" is verified with fallback when it is not empty (the
// Invoice API: "if absent, the shop's setting applies", wire notes §2.6);
// otherwise it is refused.
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
	if h.Alg == nil {
		if fallback == "" {
			return nil, errors.New("no alg")
		}
		m := jwt.GetSigningMethod(fallback)
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
	} else {
		p := jwt.NewParser(jwt.WithValidMethods(allowed), jwt.WithJSONNumber())
		if _, err := p.Parse(tok, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
			return nil, err
		}
	}
	return base64.RawURLEncoding.DecodeString(parts[1])
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
