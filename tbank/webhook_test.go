package tbank

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paykit/payments"
)

func notify(t *testing.T, p *Provider, body string) (*payments.Event, error) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/tbank/notify", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return p.VerifyWebhook(context.Background(), r)
}

// TestNotificationFixtures: the notifications of the made-up terminal 1700000000000DEMO (password Golden_tbank_pw1),
// Tokens computed with the rule of section «Проверка токенов» of
// https://www.tbank.ru/kassa/dev/payments/index.html (not published vectors), in the
// NotificationPayment shape of that OpenAPI document: numeric PaymentId and
// CardId, boolean Success, a Data object,
// verify, become events and are acknowledged with exactly OK.
func TestNotificationFixtures(t *testing.T) {
	t.Parallel()
	p, _ := newScripted(t)
	ev, err := notify(t, p, fixtureConfirmed)
	if err != nil {
		t.Fatal(err)
	}
	want := payments.Ack{StatusCode: 200, ContentType: "text/plain; charset=utf-8", Body: "OK"}
	if diff := cmp.Diff(want, ev.Ack); diff != "" {
		t.Errorf("Ack (-want +got):\n%s", diff)
	}
	if ev.ID != "1700000000000DEMO/7003551234/CONFIRMED/100000" || ev.Status != payments.StatusSucceeded ||
		ev.OrderID != "order-42" || ev.PaymentID != "7003551234" || !ev.Amount.Equal(rub("1000.00")) || ev.Raw["CardId"] != "412345678" {
		t.Errorf("event = %+v", ev)
	}
	ev, err = notify(t, p, fixtureRejected)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != payments.StatusFailed || ev.ErrorCode != "1051" {
		t.Errorf("event = %+v", ev)
	}
}

// TestNotificationRebillId: the notification sample of «Проверка токенов»
// (https://www.tbank.ru/kassa/dev/payments/index.html, vector T6) carries
// a numeric RebillId, which becomes the event's Mandate.
func TestNotificationRebillId(t *testing.T) {
	t.Parallel()
	p, err := New(Config{TerminalKey: "1321054611234DEMO", Password: "Dfsfh56dgKl"})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := notify(t, p, `{"TerminalKey":"1321054611234DEMO","OrderId":"201709","Success":true,"Status":"AUTHORIZED","PaymentId":8742591,"ErrorCode":"0","Amount":9855,"RebillId":101709,"CardId":322264,"Pan":"430000******0777","ExpDate":"1122","Token":"b906d28e76c6428e37b25fcf86c0adc52c63d503013fdd632e300593d165766b"}`)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Mandate != "101709" || ev.Status != payments.StatusAuthorized {
		t.Errorf("event = %+v", ev)
	}
}

func TestNotificationRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		kind       error
	}{
		{"tampered amount", strings.Replace(fixtureConfirmed, `"Amount":100000`, `"Amount":100001`, 1), payments.ErrInvalidSignature},
		{"boolean as string", strings.Replace(fixtureConfirmed, `"Success":true`, `"Success":"True"`, 1), payments.ErrInvalidSignature},
		{"missing token", strings.Replace(fixtureConfirmed, `"Token"`, `"Tok"`, 1), payments.ErrInvalidSignature},
		{"upper-case Token key", strings.Replace(fixtureConfirmed, `"Token"`, `"TOKEN"`, 1), payments.ErrInvalidSignature},
		{"repeated key", strings.Replace(fixtureConfirmed, `{`, `{"Amount":1,`, 1), payments.ErrInvalidRequest},
		{"not an object", `[1]`, payments.ErrInvalidRequest},
		{"empty", ``, payments.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, _ := newScripted(t)
			if _, err := notify(t, p, tt.body); !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
		})
	}
}

// TestNotificationOtherTerminal: a notification signed with our password
// for another TerminalKey is refused.
func TestNotificationOtherTerminal(t *testing.T) {
	t.Parallel()
	p, err := New(Config{TerminalKey: "OtherDEMO", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notify(t, p, fixtureConfirmed); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("err = %v", err)
	}
}

// FuzzNotification: no input panics, and whatever verifies has a valid
// Token and is a payment event with a known status or a notice; a notice
// never carries an OrderId with a payment Status (a payment acknowledged
// as a notice would be lost).
func FuzzNotification(f *testing.F) {
	for _, s := range []string{fixtureConfirmed, fixtureRejected, noticeReceipt, `{}`, `[]`, `{"Token":null}`, `{"a":{"b":[1,2]},"Token":"x"}`, "\x00"} {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"TerminalKey":"1700000000000DEMO","OrderId":"order-42","Success":true,"Status":"CONFIRMED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000,"NotificationType":"LINKCARD"}`,
		`{"TerminalKey":"1700000000000DEMO","RequestKey":"13021e10-a3ed-4f14-bcd1-823b5ac37390","Success":true,"Status":"CONFIRMED","PaymentId":7003551234,"ErrorCode":"0","Amount":100000}`,
	} {
		fields, _ := parseObject([]byte(s))
		tok, _ := Token(fields, testPassword)
		fields["Token"], _ = json.Marshal(tok)
		b, _ := json.Marshal(fields)
		f.Add(b)
	}
	p, err := New(Config{TerminalKey: testTerminal, Password: testPassword})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := p.parseNotification(body)
		payment := ev != nil && ev.Type == payments.EventPayment && ev.Status.Valid()
		notice := ev != nil && ev.Type == payments.EventNotice && ev.Status == ""
		if err == nil && (!(payment || notice) || ev.Ack.Body != "OK") {
			t.Fatalf("accepted %q as %+v", body, ev)
		}
		if notice {
			if _, paid := statuses[ev.Raw["Status"]]; paid && ev.OrderID != "" {
				t.Fatalf("a payment notification %q taken for a notice: %+v", body, ev)
			}
		}
	})
}

// FuzzAnswer: the response parser never panics, and an accepted answer
// had Success true.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{initAnswer, `{"Success":false,"ErrorCode":"1051"}`, `{"Success":"true","ErrorCode":0}`, `{"Payments":[{"PaymentId":1}],"Success":true}`, `nul`} {
		f.Add([]byte(s))
	}
	ex := readEx
	f.Fuzz(func(t *testing.T, body []byte) {
		fields, err := parseObject(body)
		if err != nil {
			return
		}
		a, err := checkAnswer(ex, fields)
		if err == nil && !a.success() {
			t.Fatalf("accepted %q", body)
		}
		if err == nil {
			_, _ = paymentOf(ex, a)
			_, _ = choose(ex, a)
		}
	})
}
