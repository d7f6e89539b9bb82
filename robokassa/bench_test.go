package robokassa

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Targets (issue #3): building a link within 1.5x of hashing plus URL
// encoding, verifying a ResultURL within 3x of the bare hash, and no
// allocation the floor does not need. Compare the pairs with -benchmem.

var (
	sinkString string
	sinkErr    error
	sinkSum    [16]byte
)

// BenchmarkLinkFloor is what building the golden-shop link (goldenLink)
// cannot avoid: the MD5
// of its base string, the hex, and the URL-encoded query in one string.
func BenchmarkLinkFloor(b *testing.B) {
	base := []byte("golden-shop:10.00:19:Pass1_golden8:Shp_order=42")
	names := []string{"MerchantLogin", "OutSum", "InvId", "Description", "Culture", "Encoding", "Shp_order", "SignatureValue"}
	vals := []string{"golden-shop", "10.00", "19", "Shp one", "ru", "utf-8", "42", ""}
	b.ReportAllocs()
	for b.Loop() {
		sum := md5.Sum(base)
		var sig [32]byte
		hex.Encode(sig[:], sum[:])
		var sb strings.Builder
		sb.Grow(160)
		sb.WriteString("https://auth.robokassa.ru/Merchant/Index.aspx")
		for i, n := range names {
			if i == 0 {
				sb.WriteByte('?')
			} else {
				sb.WriteByte('&')
			}
			sb.WriteString(n)
			sb.WriteByte('=')
			if i == len(names)-1 {
				sb.Write(sig[:])
			} else {
				sb.WriteString(url.QueryEscape(vals[i]))
			}
		}
		sinkString = sb.String()
	}
}

// BenchmarkPaymentURL builds the golden-shop worked example link (goldenLink).
func BenchmarkPaymentURL(b *testing.B) {
	p := newProvider(b, nil, nil)
	l := goldenLink()
	b.ReportAllocs()
	for b.Loop() {
		sinkString, sinkErr = p.PaymentURL(l)
	}
	if sinkString != goldenLinkURL {
		b.Fatal(sinkString)
	}
}

// BenchmarkResultFloor is the bare hash a ResultURL check cannot avoid
// (the base string of the golden-shop ResultURL sample, resultForm).
func BenchmarkResultFloor(b *testing.B) {
	base := []byte("10.000000:19:Pass2_golden8:Shp_order=42")
	b.ReportAllocs()
	for b.Loop() {
		sinkSum = md5.Sum(base)
	}
}

// BenchmarkVerifyResultSignature checks the golden-shop ResultURL sample's
// signature over
// the received form.
func BenchmarkVerifyResultSignature(b *testing.B) {
	p := newProvider(b, nil, nil)
	form := resultForm()
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = p.VerifyResultSignature(form)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}

// BenchmarkVerifyResultURL verifies and builds the Notification (its maps
// and parsed amounts are the allocations).
func BenchmarkVerifyResultURL(b *testing.B) {
	p := newProvider(b, nil, nil)
	form := resultForm()
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = p.VerifyResultURL(form)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}

// BenchmarkVerifyWebhook is the whole path from an HTTP request: body
// read, form parse, verification and the event.
func BenchmarkVerifyWebhook(b *testing.B) {
	p := newProvider(b, nil, nil)
	body := resultForm().Encode()
	b.ReportAllocs()
	for b.Loop() {
		r, _ := http.NewRequest(http.MethodPost, "https://shop.example/result", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, sinkErr = p.VerifyWebhook(b.Context(), r)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}
