package payments_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paykit/payments"
)

const (
	testPAN    = "4111111111111111"
	testMasked = "411111******1111"
	// testCVC is unusual enough not to occur by chance in the output
	// checked (pointer addresses are scrubbed first).
	testCVC = "987"
)

func testCard() payments.Card {
	return payments.Card{Number: testPAN, ExpMonth: 12, ExpYear: 2030, CVC: testCVC, Holder: "IVAN PETROV"}
}

func TestCardMasked(t *testing.T) {
	t.Parallel()
	tests := []struct{ pan, want string }{
		{"4111111111111111", "411111******1111"},
		{"5555555555554444", "555555******4444"},
		{"4222222222222", "422222***2222"},
		{"4111111111111111110", "411111*********1110"},
		{"411111111111", "************"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.pan, func(t *testing.T) {
			t.Parallel()
			if got := (payments.Card{Number: tt.pan}).Masked(); got != tt.want {
				t.Errorf("Card.Masked() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCardValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.May, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		edit    func(*payments.Card)
		wantErr bool
	}{
		{"valid", func(*payments.Card) {}, false},
		{"expires this month", func(c *payments.Card) { c.ExpMonth, c.ExpYear = 5, 2026 }, false},
		{"expired last month", func(c *payments.Card) { c.ExpMonth, c.ExpYear = 4, 2026 }, true},
		{"expired last year", func(c *payments.Card) { c.ExpMonth, c.ExpYear = 12, 2025 }, true},
		{"next year, earlier month", func(c *payments.Card) { c.ExpMonth, c.ExpYear = 1, 2027 }, false},
		{"month zero", func(c *payments.Card) { c.ExpMonth = 0 }, true},
		{"month 13", func(c *payments.Card) { c.ExpMonth = 13 }, true},
		{"two-digit year", func(c *payments.Card) { c.ExpYear = 30 }, true},
		{"four-digit CVC", func(c *payments.Card) { c.CVC = "1234" }, false},
		{"two-digit CVC", func(c *payments.Card) { c.CVC = "12" }, true},
		{"five-digit CVC", func(c *payments.Card) { c.CVC = "12345" }, true},
		{"empty CVC", func(c *payments.Card) { c.CVC = "" }, true},
		{"letter in CVC", func(c *payments.Card) { c.CVC = "12a" }, true},
		{"other good number", func(c *payments.Card) { c.Number = "5555555555554444" }, false},
		{"bad Luhn", func(c *payments.Card) { c.Number = "4111111111111112" }, true},
		{"spaces", func(c *payments.Card) { c.Number = "4111 1111 1111 1111" }, true},
		{"dashes", func(c *payments.Card) { c.Number = "4111-1111-1111-1111" }, true},
		{"11 digits", func(c *payments.Card) { c.Number = "79927398713" }, true},
		{"20 digits", func(c *payments.Card) { c.Number = "41111111111111111113" }, true},
		{"empty number", func(c *payments.Card) { c.Number = "" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testCard()
			tt.edit(&c)
			err := c.Validate(now)
			if tt.wantErr != (err != nil) {
				t.Fatalf("Validate() = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				return
			}
			if !errors.Is(err, payments.ErrInvalidRequest) {
				t.Errorf("Validate() = %v, does not wrap ErrInvalidRequest", err)
			}
			if msg := err.Error(); strings.Contains(msg, c.Number) && c.Number != "" || strings.Contains(msg, testCVC) {
				t.Errorf("error %q reveals the card number or CVC", msg)
			}
		})
	}
}

func TestCardValidateNumber(t *testing.T) {
	t.Parallel()
	// Payout destinations have no expiry or CVC.
	if err := (payments.Card{Number: testPAN}).ValidateNumber(); err != nil {
		t.Errorf("ValidateNumber() = %v", err)
	}
	err := (payments.Card{Number: "4111111111111112"}).ValidateNumber()
	if !errors.Is(err, payments.ErrInvalidRequest) {
		t.Fatalf("ValidateNumber(bad Luhn) = %v, want ErrInvalidRequest", err)
	}
	if strings.Contains(err.Error(), "4111111111111112") || !strings.Contains(err.Error(), "411111******1112") {
		t.Errorf("error %q must show only the masked number", err)
	}
}

// addrs matches pointer addresses, which fmt prints for pointer fields and
// which could contain the CVC's digits by chance.
var addrs = regexp.MustCompile(`0x[0-9a-f]+`)

func assertRedacted(t *testing.T, what, out string) {
	t.Helper()
	if strings.Contains(out, testPAN) {
		t.Errorf("%s reveals the card number: %s", what, out)
	}
	if strings.Contains(addrs.ReplaceAllString(out, "0x"), testCVC) {
		t.Errorf("%s reveals the CVC: %s", what, out)
	}
}

func TestCardFmtRedaction(t *testing.T) {
	t.Parallel()
	card := testCard()
	amount := payments.MustParseMoney("10.00", payments.RUB)
	init := payments.InitRequest{OrderID: "1001", Amount: amount, Card: &card}
	withdraw := payments.WithdrawalRequest{OrderID: "2001", Amount: amount, Card: &card}
	holder := struct {
		Card payments.Card
		Ptr  *payments.Card
	}{card, &card}
	values := map[string]any{
		"Card":               card,
		"*Card":              &card,
		"InitRequest":        init,
		"*InitRequest":       &init,
		"WithdrawalRequest":  withdraw,
		"*WithdrawalRequest": &withdraw,
		"struct holding":     holder,
		"slice of cards":     []payments.Card{card},
		"map of cards":       map[string]payments.Card{"k": card},
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
			assertRedacted(t, name+" "+verb, fmt.Sprintf(verb, v))
		}
		assertRedacted(t, name+" Sprint", fmt.Sprint(v))
		assertRedacted(t, name+" Sprintln", fmt.Sprintln(v))
	}
	for _, verb := range []string{"%v", "%+v", "%s"} {
		if got := fmt.Sprintf(verb, card); got != "card "+testMasked {
			t.Errorf("Sprintf(%q, card) = %q, want %q", verb, got, "card "+testMasked)
		}
	}
	if got, want := fmt.Sprintf("%#v", card), `payments.Card{Number:"411111******1111", ExpMonth:12, ExpYear:2030, CVC:"***"}`; got != want {
		t.Errorf("Sprintf(%%#v, card) = %q, want %q", got, want)
	}
	if got := card.String(); got != "card "+testMasked {
		t.Errorf("String() = %q", got)
	}
	if got := fmt.Sprintf("%v", holder); !strings.Contains(got, testMasked) {
		t.Errorf("Sprintf(%%v, holder) = %q, want the masked number", got)
	}
}

func TestCardJSONRedaction(t *testing.T) {
	t.Parallel()
	card := testCard()
	amount := payments.MustParseMoney("10.00", payments.RUB)
	values := map[string]any{
		"Card":  card,
		"*Card": &card,
		"struct holding": struct {
			Card payments.Card `json:"card"`
		}{card},
		"InitRequest":       &payments.InitRequest{OrderID: "1001", Amount: amount, Card: &card},
		"WithdrawalRequest": payments.WithdrawalRequest{OrderID: "2001", Amount: amount, Card: &card},
	}
	for name, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%s) = %v", name, err)
		}
		assertRedacted(t, "json "+name, string(b))
		if !strings.Contains(string(b), testMasked) {
			t.Errorf("json %s = %s, want the masked number", name, b)
		}
	}
	b, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"number":"411111******1111"}`; got != want {
		t.Errorf("json.Marshal(card) = %s, want %s", got, want)
	}
}

func TestCardSlogRedaction(t *testing.T) {
	t.Parallel()
	card := testCard()
	amount := payments.MustParseMoney("10.00", payments.RUB)
	init := &payments.InitRequest{OrderID: "1001", Amount: amount, Card: &card}
	withdraw := &payments.WithdrawalRequest{OrderID: "2001", Amount: amount, Card: &card}
	dropTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	for _, handler := range []string{"json", "text"} {
		var buf bytes.Buffer
		opts := &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: dropTime}
		var h slog.Handler = slog.NewJSONHandler(&buf, opts)
		if handler == "text" {
			h = slog.NewTextHandler(&buf, opts)
		}
		log := slog.New(h)
		log.Info("card", "card", card)
		log.Info("card pointer", slog.Any("card", &card))
		log.Info("init", slog.Any("req", init))
		log.Info("init value", slog.Any("req", *init))
		log.Info("withdraw", slog.Any("req", withdraw))
		log.With("card", card).Info("with")
		log.Info("group", slog.Group("g", slog.Any("card", card)))
		out := buf.String()
		assertRedacted(t, handler+" log", out)
		if !strings.Contains(out, testMasked) {
			t.Errorf("%s log has no masked number:\n%s", handler, out)
		}
	}

	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("m", "card", card)
	if got, want := buf.String(), `{"level":"INFO","msg":"m","card":{"number":"411111******1111"}}`+"\n"; got != want {
		t.Errorf("slog JSON = %q, want %q", got, want)
	}
}
