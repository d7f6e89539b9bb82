package robokassa

import (
	"errors"
	"strings"
	"testing"

	"github.com/paykit/payments"
)

// A non-hex character anywhere in SignatureValue makes it malformed, even
// where it would decode to the same nibble as a digit ('z' and '0' share
// their low bits): the golden-shop ResultURL sample's signature (resultForm)
// has a '0' in its middle.
func TestSignatureNonHexAnywhere(t *testing.T) {
	t.Parallel()
	p := newProvider(t, nil, nil)
	sig := resultForm().Get("SignatureValue")
	for i := 0; i < len(sig); i++ {
		if sig[i] != '0' {
			continue
		}
		for _, bad := range []string{"z", "p", "@", "`", "\x10"} {
			f := resultForm()
			f.Set("SignatureValue", sig[:i]+bad+sig[i+1:])
			if err := p.VerifyResultSignature(f); !errors.Is(err, payments.ErrInvalidSignature) {
				t.Errorf("%q at %d: %v", bad, i, err)
			}
		}
	}
	if !strings.Contains(sig[:len(sig)-2], "0") {
		t.Fatal("the sample has no '0' before its last byte; pick another")
	}
}

// Sign writes the hex into a buffer on the stack: with MD5, the shops'
// usual algorithm, it allocates only the string it returns.
func TestSignAllocatesOnlyItsResult(t *testing.T) {
	for _, a := range []Algorithm{MD5} {
		if n := testing.AllocsPerRun(20, func() { _ = a.Sign("10.000000:19:Pass2_golden8:Shp_order=42") }); n != 1 {
			t.Errorf("%s: Sign allocates %v times, want 1", a, n)
		}
	}
}
