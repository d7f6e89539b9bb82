package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/paykit/payments"
)

// maxCardBytes bounds what is read for a card number: 19 digits with
// spaces and a newline fit easily.
const maxCardBytes = 128

// readCard reads a payout's card number from the file at path, or from
// standard input when fromStdin. Spaces and dashes between digit groups are
// dropped. Errors never contain the number: only the masked form, or
// nothing.
func (a *app) readCard(path string, fromStdin bool) (payments.Card, error) {
	var (
		b   []byte
		err error
	)
	switch {
	case path != "" && fromStdin:
		return payments.Card{}, usagef("give -card-file or -card-stdin, not both")
	case path == "" && !fromStdin:
		return payments.Card{}, usagef("missing -card-file or -card-stdin (a card number is never taken as a flag: it would show in process listings)")
	case fromStdin:
		b, err = readAllLimited(a.stdin, maxCardBytes)
		if err != nil {
			return payments.Card{}, usagef("reading the card number from standard input: %v", err)
		}
	default:
		if fi, statErr := os.Stat(path); statErr == nil && fi.Mode().Perm()&0o077 != 0 {
			fmt.Fprintf(a.stderr, "payments %s: warning: the card file %s is readable by other users (chmod 600 it)\n", a.cmd, path)
		}
		b, err = readLimited(path, maxCardBytes)
		if err != nil {
			return payments.Card{}, usagef("reading the card file: %v", err)
		}
	}
	number := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t', '\r', '\n':
			return -1
		}
		return r
	}, string(b))
	if number == "" {
		return payments.Card{}, usagef("the card number is empty")
	}
	for _, r := range number {
		if r < '0' || r > '9' {
			return payments.Card{}, usagef("the card input must hold only the card number (digits, with optional spaces or dashes)")
		}
	}
	c := payments.Card{Number: number}
	if err := c.ValidateNumber(); err != nil {
		// ValidateNumber reports the masked number only.
		return payments.Card{}, &cliError{kind: kindUsage, exit: exitUsage, msg: strings.TrimPrefix(err.Error(), "payments: "), err: err}
	}
	return c, nil
}
