package sandbox

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ResultUrl2 notifications (https://docs.robokassa.ru/pay-interface,
// "Дополнительное оповещение об оплате на ResultUrl2"): Robokassa POSTs a
// compact RS256 JWS to the ResultUrl2 a payment request gave, with state
// HOLD when a StepByStep payment is held and OK when a payment is paid or a
// hold captured, and retries a delivery that gets no 2xx at most 5 more
// times. It signs with a key whose certificate it publishes at
// https://docs.robokassa.ru/media/files/jwtsign.cer. The sandbox signs
// with a key of its own, generated when it starts, and publishes a
// self-signed certificate of it at RobokassaCertificatePath.

// Notification states of a ResultUrl2 JWS: the two that Robokassa's
// official modules accept (robokassa/cms-wordpress
// ResultUrl2Notification.php).
const (
	rkState2Hold = "HOLD"
	rkState2OK   = "OK"
)

// rkResult2Attempts is how often a ResultUrl2 notification is tried at
// most: once and 5 more times (docs.robokassa.ru/pay-interface).
const rkResult2Attempts = 6

// rkJWSHeader is the JOSE header of every ResultUrl2 notification, as in
// the docs' sample token: {"typ":"JWT","alg":"RS256"}.
var rkJWSHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"RS256"}`))

// rkSigner holds the sandbox's ResultUrl2 key and its certificate.
type rkSigner struct {
	key     *rsa.PrivateKey
	cert    *x509.Certificate
	certPEM string
}

// newRKSigner generates an RSA-2048 key and a self-signed certificate of
// it, valid from a day before now for two years, in the shape of
// Robokassa's (CN=ROBOKASSA; here "ROBOKASSA sandbox <login>").
func newRKSigner(login string, now time.Time) (*rkSigner, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("sandbox: ResultUrl2 key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("sandbox: ResultUrl2 certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "ROBOKASSA sandbox " + login},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(2 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("sandbox: ResultUrl2 certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("sandbox: ResultUrl2 certificate: %w", err)
	}
	p := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return &rkSigner{key: key, cert: cert, certPEM: string(p)}, nil
}

// rkNotice2 is the payload of a ResultUrl2 notification. Every value is a
// string, in the order of the docs' sample token.
type rkNotice2 struct {
	Header struct {
		Type      string `json:"type"`
		Version   string `json:"version"`
		Timestamp string `json:"timestamp"`
	} `json:"header"`
	Data struct {
		Shop          string `json:"shop"`
		OpKey         string `json:"opKey"`
		InvID         string `json:"invId"`
		PaymentMethod string `json:"paymentMethod"`
		IncSum        string `json:"incSum"`
		State         string `json:"state"`
	} `json:"data"`
}

// sign returns the compact RS256 JWS of payload.
func (sg *rkSigner) sign(payload []byte) (string, error) {
	in := rkJWSHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, sg.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// RobokassaCertificate returns the PEM certificate of the key that signs
// the sandbox's ResultUrl2 notifications; [Server.RobokassaConfig] puts it
// in robokassa.Config.ResultURL2Certificates. It is also served at
// RobokassaCertificatePath.
func (s *Server) RobokassaCertificate() string { return s.rk.signer.certPEM }

// certificate serves the PEM certificate, as Robokassa serves jwtsign.cer.
func (rk *robokassaSide) certificate(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/x-x509-ca-cert")
	_, _ = w.Write([]byte(rk.signer.certPEM))
}

// rkNotify2 is one ResultUrl2 notification to send.
type rkNotify2 struct {
	invID   int64
	url     string
	opKey   string
	incSum  string // 2 decimals
	method  string // paymentMethod
	state   string
	trigger string
}

// notice2 returns the ResultUrl2 notification of p in state, or false when
// p gets none: no ResultUrl2, or a test payment (Robokassa sends none in
// test mode, docs.robokassa.ru/testing-mode). rk.mu must be held.
func (rk *robokassaSide) notice2(p *rkPayment, state string) (rkNotify2, bool) {
	if p.resultURL2 == "" || p.isTest {
		return rkNotify2{}, false
	}
	if p.opKey == "" {
		p.opKey = rk.opKey(p.invID)
		rk.opKeys[p.opKey] = p.invID
	}
	return rkNotify2{invID: p.invID, url: p.resultURL2, opKey: p.opKey, incSum: p.outSum.StringFixed(2),
		method: rkPaymentMethod(p.incCurr), state: state, trigger: p.trigger}, true
}

// jws returns the signed notification n, timestamped now.
func (rk *robokassaSide) jws(n rkNotify2) (string, error) {
	var pl rkNotice2
	pl.Header.Type, pl.Header.Version = "PaymentStateNotification", "1.0.0"
	pl.Header.Timestamp = strconv.FormatInt(rk.now().Unix(), 10)
	pl.Data.Shop, pl.Data.OpKey, pl.Data.InvID = rk.shop.MerchantLogin, n.opKey, strconv.FormatInt(n.invID, 10)
	pl.Data.PaymentMethod, pl.Data.IncSum, pl.Data.State = n.method, n.incSum, n.state
	b, err := json.Marshal(pl)
	if err != nil {
		return "", err
	}
	return rk.signer.sign(b)
}

// notifyResult2 sends n and returns once its first attempt has ended (or
// ctx is done); retries go on in the background until the shop answers
// 2xx, at most 5 more times. With trigger 77.77 it is delivered a second
// time once accepted.
func (rk *robokassaSide) notifyResult2(ctx context.Context, n rkNotify2) {
	tok, err := rk.jws(n)
	if err != nil {
		rk.s.logf("robokassa: ResultUrl2 for InvId %d: %v", n.invID, err)
		return
	}
	var mk func(copy bool) delivery
	mk = func(copy bool) delivery {
		return delivery{
			name:     fmt.Sprintf("robokassa ResultUrl2 (%s) for InvId %d", n.state, n.invID),
			attempts: rkResult2Attempts,
			build: func(ctx context.Context) (*http.Request, error) {
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, strings.NewReader(tok))
				if err == nil {
					req.Header.Set("Content-Type", "application/json")
				}
				return req, err
			},
			accepted: func(status int, _ string) bool { return status >= 200 && status < 300 },
			done: func(ok bool) {
				if !ok {
					return
				}
				rk.mu.Lock()
				if p := rk.payments[n.invID]; p != nil {
					p.delivered2++
				}
				rk.mu.Unlock()
				if n.trigger == TriggerDuplicateWebhook && !copy {
					rk.s.notify(mk(true))
				}
			},
		}
	}
	rk.s.notifyWaitFirst(ctx, mk(false))
}
