package robokassa

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/golang-jwt/jwt/v5"
)

// SignResultURL2 returns the compact JWS of a ResultUrl2 notification
// signed with key, as Robokassa sends it (https://docs.robokassa.ru/pay-interface):
// the header {"typ":"JWT","alg":"RS256"} and the payload
// {"header":{"type","version","timestamp"},"data":{"shop","opKey","invId",
// "paymentMethod","incSum","state"}}, every value a string, incSum with
// two decimals. Empty Type and Version are "PaymentStateNotification" and
// "1.0.0". It is for code that plays Robokassa's part (a sandbox, tests),
// with its own key whose certificate goes into
// Config.ResultURL2Certificates; Robokassa's own key is not public.
func SignResultURL2(key *rsa.PrivateKey, n ResultURL2Notification) (string, error) {
	if key == nil {
		return "", errors.New("robokassa: SignResultURL2: nil key")
	}
	var pl resultURL2Payload
	pl.Header.Type, pl.Header.Version = n.Type, n.Version
	if pl.Header.Type == "" {
		pl.Header.Type = resultURL2Type
	}
	if pl.Header.Version == "" {
		pl.Header.Version = "1.0.0"
	}
	pl.Header.Timestamp = strconv.FormatInt(n.Timestamp.Unix(), 10)
	pl.Data.Shop, pl.Data.OpKey, pl.Data.InvID = n.Shop, n.OpKey, n.InvID
	pl.Data.PaymentMethod, pl.Data.State = n.PaymentMethod, n.State
	if !n.IncSum.IsZero() {
		pl.Data.IncSum = n.IncSum.Amount.StringFixed(2)
	}
	body, err := json.Marshal(pl)
	if err != nil {
		return "", err
	}
	signing := resultURL2Header + "." + base64.RawURLEncoding.EncodeToString(body)
	sig, err := jwt.SigningMethodRS256.Sign(signing, key)
	if err != nil {
		return "", errors.New("robokassa: SignResultURL2: " + err.Error())
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// resultURL2Header is base64url of {"typ":"JWT","alg":"RS256"}, the JOSE
// header of the documentation's sample notification
// (https://docs.robokassa.ru/pay-interface).
const resultURL2Header = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9"
