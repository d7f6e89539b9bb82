package tbank

import (
	"crypto/sha256"
	"testing"
)

// BenchmarkVerifyNotification verifies the CONFIRMED notification of
// the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1);
// BenchmarkSHA256Floor is the hash it cannot avoid, for the ratio.
func BenchmarkVerifyNotification(b *testing.B) {
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword})
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(fixtureConfirmed)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.parseNotification(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSHA256Floor(b *testing.B) {
	base := []byte("10000041234567801230order-42220138******0013Golden_tbank_pw17003551234CONFIRMEDtrue1700000000000DEMO")
	b.ReportAllocs()
	for b.Loop() {
		_ = sha256.Sum256(base)
	}
}
