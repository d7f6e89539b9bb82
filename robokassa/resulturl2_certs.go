package robokassa

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	_ "embed"
	"encoding/pem"
	"errors"
	"strconv"
	"time"
)

// resultURL2Cert2026 is Robokassa's ResultUrl2 signing certificate valid
// from 2026-06-16 11:59:20Z to 2027-06-16 12:09:20Z (subject CN=ROBOKASSA,
// issuer "Robokassa Issuing CA", serial
// 6D00000BDCA22C5488B0C11C3B000100000BDC, RSA-2048, SHA-256 fingerprint
// D0:71:D4:38:90:A5:F2:ED:7B:E1:50:A9:C2:6F:C4:3B:94:13:14:DF:AC:E4:8F:72:FB:D2:9A:18:57:C1:D0:89).
// It is public key material, published by Robokassa at
// https://docs.robokassa.ru/media/files/jwtsign.cer and bundled in its
// official WordPress module as certificates/robokassa-result-url-2.cer
// (github.com/robokassa/cms-wordpress v1.8.9, which also refreshes it from
// the docs URL daily).
//
//go:embed certs/resulturl2-2026.pem
var resultURL2Cert2026 string

// DefaultResultURL2Certificates returns, in PEM, the certificate that
// verifies ResultUrl2 notifications when Config.ResultURL2Certificates is
// empty: Robokassa's current one, valid from 2026-06-16 to 2027-06-16
// (https://docs.robokassa.ru/media/files/jwtsign.cer). Robokassa rotates it
// about yearly; set Config.ResultURL2Certificates to the new certificate
// (or to both, during a changeover) when it does.
func DefaultResultURL2Certificates() string { return resultURL2Cert2026 }

// minResultURL2KeyBits is the smallest RSA key accepted for ResultUrl2.
const minResultURL2KeyBits = 2048

// parseResultURL2Certs parses one or more PEM CERTIFICATE blocks, each with
// an RSA key of at least 2048 bits. Anything else in the text (another
// block type, text that is not PEM) is an error: a mistyped configuration
// must not silently verify with fewer keys than intended.
func parseResultURL2Certs(text string) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := []byte(text)
	for {
		rest = bytes.TrimSpace(rest)
		if len(rest) == 0 {
			break
		}
		var block *pem.Block
		block, rest = pem.Decode(rest)
		n := strconv.Itoa(len(certs) + 1)
		if block == nil {
			return nil, errors.New("block " + n + " is not PEM")
		}
		if block.Type != "CERTIFICATE" {
			return nil, errors.New("block " + n + " is a " + quote(block.Type) + ", not a CERTIFICATE")
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, errors.New("certificate " + n + " does not parse: " + err.Error())
		}
		pub, ok := c.PublicKey.(*rsa.PublicKey)
		if !ok {
			return nil, errors.New("certificate " + n + " has no RSA key (ResultUrl2 is signed RS256)")
		}
		if pub.N.BitLen() < minResultURL2KeyBits {
			return nil, errors.New("certificate " + n + " has an RSA key of " + strconv.Itoa(pub.N.BitLen()) + " bits, fewer than 2048")
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no certificate")
	}
	return certs, nil
}

// validAt reports whether c is within its validity window at t, as the
// official WordPress module checks (ResultUrl2Notification.php).
func validAt(c *x509.Certificate, t time.Time) bool {
	return !t.Before(c.NotBefore) && !t.After(c.NotAfter)
}
