package sandbox

import (
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paykit/payments/robokassa"
)

// rkParseNotice2 verifies a ResultUrl2 JWS with the certificate in certPEM
// independently of the robokassa package: the exact header of the docs'
// sample token, RS256 over header.payload, and returns the payload.
func rkParseNotice2(certPEM, tok string) (rkNotice2, error) {
	var n rkNotice2
	blk, _ := pem.Decode([]byte(certPEM))
	if blk == nil {
		return n, errors.New("no PEM block")
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return n, err
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return n, errors.New("not a compact JWS")
	}
	// docs.robokassa.ru/pay-interface, the sample token's header.
	if parts[0] != "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9" {
		return n, errors.New("header " + parts[0])
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return n, err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, sum[:], sig); err != nil {
		return n, err
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return n, err
	}
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.DisallowUnknownFields()
	return n, d.Decode(&n)
}

// notice2 waits for the next ResultUrl2 body and verifies it with cert.
func (e *rkEnv) notice2(cert string) rkNotice2 {
	e.t.Helper()
	select {
	case tok := <-e.jws:
		n, err := rkParseNotice2(cert, tok)
		if err != nil {
			e.t.Fatalf("ResultUrl2 body %q: %v", tok, err)
		}
		return n
	case <-time.After(10 * time.Second):
		e.t.Fatal("no ResultUrl2 notification reached the shop")
		return rkNotice2{}
	}
}

// noNotice2 checks that no ResultUrl2 body arrived so far.
func (e *rkEnv) noNotice2() {
	e.t.Helper()
	select {
	case tok := <-e.jws:
		e.t.Fatalf("unexpected ResultUrl2 body %q", tok)
	default:
	}
}

// noHit checks that no ResultURL request arrived so far.
func (e *rkEnv) noHit() {
	e.t.Helper()
	select {
	case h := <-e.hits:
		e.t.Fatalf("unexpected ResultURL request %q", h)
	default:
	}
}

// call posts form to the sandbox's path and returns the status and body.
func (e *rkEnv) call(path string, form url.Values) (int, string) {
	e.t.Helper()
	status, body, _ := e.post(e.sbURL+path, form)
	return status, body
}

// hold opens a StepByStep link of amount with ResultUrl2 for inv, pays it
// and returns the HOLD notification.
func (e *rkEnv) hold(inv int64, amount string) rkNotice2 {
	e.t.Helper()
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs(amount), InvID: inv, Description: "hold",
		StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
	if status, _, _ := e.press("pay", token); status != http.StatusSeeOther {
		e.t.Fatalf("Pay of a hold answered %d", status)
	}
	n := e.notice2(e.sb.RobokassaCertificate())
	if n.Data.State != "HOLD" || n.Data.InvID != strconv.FormatInt(inv, 10) {
		e.t.Fatalf("hold notification %+v", n.Data)
	}
	return n
}

// sig1 is the MD5 signature of base:Password1 of the default shop, in
// lower case as sdk-php sends it.
func sig1(base string) string {
	sum := md5.Sum([]byte(base + ":" + DefaultRobokassaPassword1))
	return hex.EncodeToString(sum[:])
}

// confirmForm is a Confirm request for inv and outSum.
func confirmForm(inv, outSum, receipt string) url.Values {
	f := url.Values{"MerchantLogin": {DefaultRobokassaLogin}, "InvoiceID": {inv}, "OutSum": {outSum}}
	base := DefaultRobokassaLogin + ":" + outSum + ":" + inv
	if receipt != "" {
		f.Set("Receipt", receipt)
		base += ":" + receipt
	}
	f.Set("SignatureValue", sig1(base))
	return f
}

// cancelForm is a Cancel request for inv: OutSum is sent, not signed.
func cancelForm(inv, outSum string) url.Values {
	return url.Values{"MerchantLogin": {DefaultRobokassaLogin}, "InvoiceID": {inv}, "OutSum": {outSum},
		"SignatureValue": {sig1(DefaultRobokassaLogin + "::" + inv)}}
}

// state reads invID's state, failing the test for an unknown invoice.
func (e *rkEnv) state(invID int64) int {
	e.t.Helper()
	st, ok := e.sb.RobokassaState(invID)
	if !ok {
		e.t.Fatalf("invoice %d unknown", invID)
	}
	return st
}
