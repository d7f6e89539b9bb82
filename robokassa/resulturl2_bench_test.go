package robokassa

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"testing"
)

// BenchmarkVerifyResultURL2 verifies one ResultUrl2 notification (body
// parse, header, RS256 with one certificate, payload checks), next to
// BenchmarkRS256Floor, the bare RSA-2048 PKCS#1 v1.5 verification it cannot
// avoid.
func BenchmarkVerifyResultURL2(b *testing.B) {
	a, _ := url2Keys(b)
	p := url2Provider(b, yearCert(b, a), url2Now)
	body := []byte(signNote(b, a, url2Note(StateOK)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.VerifyResultURL2(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRS256Floor(b *testing.B) {
	a, _ := url2Keys(b)
	tok := signNote(b, a, url2Note(StateOK))
	sum := sha256.Sum256([]byte(tok[:len(tok)-342-1]))
	sig, err := rsa.SignPKCS1v15(nil, a, crypto.SHA256, sum[:])
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		h := sha256.Sum256([]byte(tok[:len(tok)-342-1]))
		if err := rsa.VerifyPKCS1v15(&a.PublicKey, crypto.SHA256, h[:], sig); err != nil {
			b.Fatal(err)
		}
	}
}
