package providerkit

// Card numbers in free text: a PAN has 12 to 19 digits and a valid Luhn
// check digit (ISO/IEC 7812-1), and is written in one piece or in groups
// ("4111 1111 1111 1111", "4111-1111-1111-1111").
const (
	minPAN = 12
	maxPAN = 19
)

// digitRun is one maximal run of ASCII digits, s[start:end].
type digitRun struct{ start, end int }

// scrubDigits masks every card number in s as MaskPAN masks it: first six
// and last four digits kept for 13 digits and more, every digit for 12.
// Runs are maximal runs of digits, and groups of runs joined by a single
// space or dash. Masking only turns digits into '*', so it never joins two
// runs into a new one.
func scrubDigits(s string) string {
	var runs []digitRun
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		runs = append(runs, digitRun{i, j})
		i = j
	}
	var mask []bool // by byte offset, allocated on the first card number
	var pos []int
	var digits []byte
	for i := range runs {
		pos, digits = pos[:0], digits[:0]
		for j := i; j < len(runs); j++ {
			if j > i && !(runs[j].start == runs[j-1].end+1 && (s[runs[j-1].end] == ' ' || s[runs[j-1].end] == '-')) {
				break
			}
			for k := runs[j].start; k < runs[j].end; k++ {
				pos, digits = append(pos, k), append(digits, s[k])
			}
			if len(digits) > maxPAN {
				break
			}
			if len(digits) < minPAN || !Luhn(string(digits)) {
				continue
			}
			if mask == nil {
				mask = make([]bool, len(s))
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
	b := []byte(s)
	for i, m := range mask {
		if m {
			b[i] = '*'
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
