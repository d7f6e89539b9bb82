package robokassa

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/paykit/payments"
)

// Keys for ResultUrl2 tests, generated here: no key that claims to be
// Robokassa's is checked in (RSA-2048 pairs generated in the test; a fake
// "Robokassa" key would pass for the real one).
var (
	url2KeysOnce sync.Once
	url2KeyA     *rsa.PrivateKey
	url2KeyB     *rsa.PrivateKey
)

func url2Keys(t testing.TB) (a, b *rsa.PrivateKey) {
	t.Helper()
	url2KeysOnce.Do(func() {
		var err error
		if url2KeyA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if url2KeyB, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return url2KeyA, url2KeyB
}

// url2Now is the tests' clock: inside the shipped 2026 certificate's
// validity window (2026-06-16 to 2027-06-16).
var url2Now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// certPEM returns a self-signed certificate of key valid from nb to na.
func certPEM(t testing.TB, key *rsa.PrivateKey, nb, na time.Time) string {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(nb.Unix()),
		Subject:      pkix.Name{CommonName: "test ResultUrl2 signer"},
		NotBefore:    nb,
		NotAfter:     na,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// yearCert is a certificate of key valid for a year around url2Now.
func yearCert(t testing.TB, key *rsa.PrivateKey) string {
	return certPEM(t, key, url2Now.AddDate(0, -6, 0), url2Now.AddDate(0, 6, 0))
}

// url2Provider is a golden-shop provider verifying with certs at now.
func url2Provider(t testing.TB, certs string, now time.Time) *Provider {
	t.Helper()
	return newProvider(t, nil, func(c *Config) {
		c.ResultURL2Certificates = certs
		c.Now = func() time.Time { return now }
	})
}

// url2Note is the ResultUrl2 sample payload of https://docs.robokassa.ru/pay-interface,
// sent to the golden shop.
func url2Note(state string) ResultURL2Notification {
	return ResultURL2Notification{
		Timestamp: url2Now.Add(-time.Minute), Shop: goldenLogin,
		OpKey: "14D2B521-4EAB-492A-9D91-00D12FF24D57-1NvHENLwgp", InvID: "19",
		PaymentMethod: "BankCard", IncSum: payments.MustParseMoney("10.00", payments.RUB), State: state,
	}
}

func signNote(t testing.TB, key *rsa.PrivateKey, n ResultURL2Notification) string {
	t.Helper()
	tok, err := SignResultURL2(key, n)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// signRaw signs any header and payload text with RS256.
func signRaw(t testing.TB, key *rsa.PrivateKey, header, payload string) string {
	t.Helper()
	s := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	sig, err := jwt.SigningMethodRS256.Sign(s, key)
	if err != nil {
		t.Fatal(err)
	}
	return s + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// docsToken is the sample notification of "Дополнительное оповещение об
// оплате на ResultUrl2", https://docs.robokassa.ru/pay-interface: it
// parses to the payload below and does
// not verify with any known Robokassa key.
const docsToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJoZWFkZXIiOnsidHlwZSI6IlBheW1lbnRTdGF0ZU5vdGlmaWNhdGlvbiIsInZlcnNpb24iOiIxLjAuMCIsInRpbWVzdGFtcCI6IjE2OTA0NTQ5ODAifSwiZGF0YSI6eyJzaG9wIjoicm9iby1kZW1vLXRlc3QiLCJvcEtleSI6IjE0RDJCNTIxLTRFQUItNDkyQS05RDkxLTAwRDEyRkYyNEQ1Ny0xTnZIRU5Md2dwIiwiaW52SWQiOiIxMjM0ODI5IiwicGF5bWVudE1ldGhvZCI6IkJhbmtDYXJkIiwiaW5jU3VtIjoiMTAuMDAiLCJzdGF0ZSI6Ik9LIn19.DaanjJ4A2yaGOppIVEj929MGNWU4jHcjAh4_DnFRJzkqvESbVpN5trGg8OlaftyQEldxeQaTF9ykrS7O1BmhPow0ZRv4GwjJQSwHzCGJUOcyVw507PMnRSAIT4oXq_PtKjqjuHQL_bxQxyGxZORoKhzsDwBYl_nMXsY-R_SCXPfvYRDPeJRRlC-HwQscOzyGN1cBHStuh5-w8qHytpaysVlif_XYK1-Lfa3ZsFjNz-2LENGL4CRmKMA2KhUfhNfNWXSA4J2KykfWznAvaY37T__QQHhDyHuIjsUtstG5Jf2aK2CuJY-i9mBTRkXD0U3Y5Lh7lnJQrkXAMBySRvYigQ"
