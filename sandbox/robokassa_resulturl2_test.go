package sandbox

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paykit/payments/robokassa"
)

// The sandbox publishes the certificate of its ResultUrl2 key at
// Robokassa's path (https://docs.robokassa.ru/media/files/jwtsign.cer): a
// PEM X.509 certificate of an RSA-2048 key, the one RobokassaConfig sets.
func TestRobokassaCertificatePublished(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	status, body, _ := e.get(e.sbURL + RobokassaCertificatePath)
	if status != http.StatusOK || body != e.sb.RobokassaCertificate() || e.sb.RobokassaConfig().ResultURL2Certificates != body {
		t.Fatalf("certificate: %d %q", status, body)
	}
	blk, _ := pem.Decode([]byte(body))
	if blk == nil || blk.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM certificate: %q", body)
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := cert.PublicKey.(*rsa.PublicKey); !ok || k.N.BitLen() != 2048 || !strings.HasPrefix(cert.Subject.CommonName, "ROBOKASSA") {
		t.Errorf("certificate %v %T", cert.Subject, cert.PublicKey)
	}
	if other := newRKEnv(t, rkEnvOptions{}); other.sb.RobokassaCertificate() == body {
		t.Error("two sandboxes share a key")
	}
}

// The payload is exactly that of the docs' sample token
// (https://docs.robokassa.ru/pay-interface, ResultUrl2): every value a
// string, incSum with 2 decimals, the timestamp from the sandbox's clock.
func TestRobokassaResultURL2Payload(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Unix(1690454980, 0))
	e := newRKEnv(t, rkEnvOptions{now: clock.Now})
	_, token := e.open(e.link(&robokassa.Link{Amount: rubs("10"), InvID: 1234829, ResultURL2: e.shopURL + "/result2"}))
	e.press("pay", token)
	tok := <-e.jws
	if _, err := rkParseNotice2(e.sb.RobokassaCertificate(), tok); err != nil {
		t.Fatal(err)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
	op, _ := e.sb.RobokassaPayment(1234829)
	want := `{"header":{"type":"PaymentStateNotification","version":"1.0.0","timestamp":"1690454980"},"data":{"shop":"sandbox-shop","opKey":"` +
		op.OpKey + `","invId":"1234829","paymentMethod":"BankCard","incSum":"10.00","state":"OK"}}`
	if diff := cmp.Diff(want, string(payload)); diff != "" {
		t.Errorf("payload (-want +got)\n%s", diff)
	}
	if _, err := rkParseNotice2(newRKEnv(t, rkEnvOptions{}).sb.RobokassaCertificate(), tok); err == nil {
		t.Error("another sandbox's certificate verifies the notification")
	}
}

// ResultUrl2 is retried until a 2xx, at most 5 more times whatever
// Options.Retries allows (https://docs.robokassa.ru/pay-interface); the
// duplicate trigger delivers an accepted notification twice.
func TestRobokassaResultURL2Retries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		retries int
		amount  string
		answer  int
		want    int32 // attempts
		taken   int   // Delivered2
	}{
		{"refused, capped at 6", 20, "10.00", http.StatusServiceUnavailable, 6, 0},
		{"refused, Options.Retries 3", 3, "10.00", http.StatusInternalServerError, 3, 0},
		{"204 accepted", 20, "10.00", http.StatusNoContent, 1, 1},
		{"duplicate trigger", 20, TriggerDuplicateWebhook, http.StatusOK, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			shop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.WriteHeader(tt.answer)
			}))
			defer shop.Close()
			e := newRKEnv(t, rkEnvOptions{retries: tt.retries})
			_, token := e.open(e.link(&robokassa.Link{Amount: rubs(tt.amount), InvID: 5, ResultURL2: shop.URL + "/r2"}))
			e.press("pay", token)
			eventually(t, "the attempts end", func() bool {
				p, _ := e.sb.RobokassaPayment(5)
				return n.Load() >= tt.want && p.Delivered2 >= tt.taken
			})
			_ = e.sb.Close() // waits for deliveries in flight
			p, _ := e.sb.RobokassaPayment(5)
			if n.Load() != tt.want || p.Delivered2 != tt.taken {
				t.Errorf("%d attempts, %d accepted; want %d, %d", n.Load(), p.Delivered2, tt.want, tt.taken)
			}
		})
	}
}

// RobokassaPay of a hold sends the HOLD notification; a test payment gets
// none (https://docs.robokassa.ru/testing-mode).
func TestRobokassaResultURL2HoldAndTest(t *testing.T) {
	t.Parallel()
	e := newRKEnv(t, rkEnvOptions{})
	e.open(e.link(&robokassa.Link{Amount: rubs("3.00"), InvID: 6, StepByStep: true, ResultURL2: e.shopURL + "/result2"}))
	if _, err := e.sb.RobokassaPay(context.Background(), 6); err != nil {
		t.Fatal(err)
	}
	if n := e.notice2(e.sb.RobokassaCertificate()); n.Data.State != "HOLD" || n.Data.IncSum != "3.00" {
		t.Errorf("notification %+v", n.Data)
	}
	e.open(e.link(&robokassa.Link{Amount: rubs("3.00"), InvID: 7, IsTest: true, ResultURL2: e.shopURL + "/result2"}))
	if _, err := e.sb.RobokassaPay(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	_ = e.sb.Close()
	e.noNotice2()
}
