package providerkit

import "strings"

// Card numbers in free text: a PAN has 12 to 19 digits and a valid Luhn
// check digit (ISO/IEC 7812-1), and is written in one piece or in groups
// ("4111 1111 1111 1111", "4111-1111-1111-1111").
const (
	minPAN = 12
	maxPAN = 19
)

// unit is one character of text as the card number rules read it:
// s[start:end], a digit d (0-9), a separator (sep) or anything else.
type unit struct {
	start, end int
	d          int8 // the digit, or -1
	sep        bool
}

// scrubDigits masks every card number in s as MaskPAN masks it: first six
// and last four digits kept for 13 digits and more, every digit for 12.
// Runs are maximal runs of digits, and groups of runs joined by a single
// space or dash. Masking only turns digits into '*', so it never joins two
// runs into a new one.
//
// Text that holds escapes is read a second time with them decoded, so
// that a card number written with URL escapes ("%224111…%22", "4111%20
// 1111…", "%34%31…"), '+' for spaces (a form), JSON escapes
// ("\u0034111…") or no-break spaces between its groups (U+00A0, U+202F
// as .NET's ru-RU formats numbers, &nbsp;, or U+FFFD, which printable
// makes of them) is found too; a masked escaped digit becomes '*'.
func scrubDigits(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	s = maskCards(s, byteUnits(s))
	if strings.ContainsAny(s, "%\\+&\uFFFD") {
		s = maskCards(s, escapedUnits(s))
	}
	return s
}

// byteUnits reads s byte by byte: ASCII digits, and ' ' and '-' as
// separators.
func byteUnits(s string) []unit {
	units := make([]unit, len(s))
	for i := 0; i < len(s); i++ {
		units[i] = classify(i, i+1, rune(s[i]))
	}
	return units
}

// escapedUnits reads s with %XX and \uXXXX escapes as one character each,
// and '+' as a space.
func escapedUnits(s string) []unit {
	var units []unit
	for i := 0; i < len(s); {
		switch {
		case s[i] == '%' && i+3 <= len(s) && isHex(s[i+1:i+3]):
			units = append(units, classify(i, i+3, hexValue(s[i+1:i+3])))
			i += 3
		case s[i] == '\\' && i+6 <= len(s) && s[i+1] == 'u' && isHex(s[i+2:i+6]):
			units = append(units, classify(i, i+6, hexValue(s[i+2:i+6])))
			i += 6
		case s[i] == '+':
			units = append(units, classify(i, i+1, ' '))
			i++
		case strings.HasPrefix(s[i:], "\uFFFD"): // a no-break space, as printable leaves it
			units = append(units, classify(i, i+3, ' '))
			i += 3
		case s[i] == '&' && (strings.HasPrefix(s[i:], "&nbsp;") || strings.HasPrefix(s[i:], "&#160;")):
			units = append(units, classify(i, i+6, ' '))
			i += 6
		default:
			units = append(units, classify(i, i+1, rune(s[i])))
			i++
		}
	}
	return units
}

func classify(start, end int, r rune) unit {
	u := unit{start: start, end: end, d: -1}
	switch {
	case r >= '0' && r <= '9':
		u.d = int8(r - '0')
	case r == ' ' || r == '-' || r == '\u00a0' || r == '\u202f':
		u.sep = true
	}
	return u
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func hexValue(s string) rune {
	var r rune
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		switch {
		case c >= 'a':
			c -= 'a' - 10
		case c >= 'A':
			c -= 'A' - 10
		default:
			c -= '0'
		}
		r = r<<4 | c
	}
	return r
}

// maskCards masks the card numbers among units (which cover s in order):
// maximal runs of digit units, alone or joined by single separators.
func maskCards(s string, units []unit) string {
	type run struct{ start, end int } // units[start:end]
	var runs []run
	for i := 0; i < len(units); {
		if units[i].d < 0 {
			i++
			continue
		}
		j := i
		for j < len(units) && units[j].d >= 0 {
			j++
		}
		runs = append(runs, run{i, j})
		i = j
	}
	var mask []bool // by unit, allocated on the first card number
	var pos []int
	var digits []byte
	for i := range runs {
		pos, digits = pos[:0], digits[:0]
		for j := i; j < len(runs); j++ {
			if j > i && !(runs[j].start == runs[j-1].end+1 && units[runs[j-1].end].sep) {
				break
			}
			for k := runs[j].start; k < runs[j].end; k++ {
				pos, digits = append(pos, k), append(digits, '0'+byte(units[k].d))
			}
			if len(digits) > maxPAN {
				break
			}
			if len(digits) < minPAN || !Luhn(string(digits)) {
				continue
			}
			if mask == nil {
				mask = make([]bool, len(units))
			}
			n := len(pos)
			lo, hi := 6, n-4
			if n < 13 {
				lo, hi = 0, n
			}
			for _, p := range pos[lo:hi] {
				mask[p] = true
			}
		}
	}
	if mask == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i, m := range mask {
		if m {
			b.WriteString(s[last:units[i].start])
			b.WriteByte('*')
			last = units[i].end
		}
	}
	b.WriteString(s[last:])
	return b.String()
}
