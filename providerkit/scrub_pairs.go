package providerkit

import (
	"regexp"
	"strings"
)

// maxKey is the longest key the text rules look at.
const maxKey = 64

// scrubPairs redacts the values of key=value and key: value pairs in free
// text (a query, a form that did not decode, a log line, XML attributes,
// a Python dict in an error message, JSON escaped inside a string) whose
// key is a SecretKey. A key is the run of letters, digits and "_.-[]"
// before the separator (its last maxKey bytes), possibly quoted, the
// quote possibly escaped (\"); spaces may stand around the separator. A
// quoted value runs to the same quote, or to the end of s when the quote
// is not closed (a body cut for the log); any other value runs to '&', a
// space, a quote, '<', '>', ',' or ';'.
func scrubPairs(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is written to b, or b is empty
	for i := 0; i < len(s); {
		sep := strings.IndexAny(s[i:], "=:")
		if sep < 0 {
			break
		}
		sep += i
		i = sep + 1 // a value that is not secret is read on: it may hold pairs
		if key := pairKey(s[:sep]); key == "" || !SecretKey(key) {
			continue
		}
		vs, ve, next := pairValue(s, sep+1)
		if ve > vs && s[vs:ve] != "null" {
			b.WriteString(s[last:vs])
			b.WriteString(Redacted)
			last = ve
			i = next
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// pairKey is the key that ends s: after spaces and a closing quote
// (possibly escaped) are skipped, the run of key bytes before them.
func pairKey(s string) string {
	end := len(s)
	for end > 0 && s[end-1] == ' ' {
		end--
	}
	if end > 0 && (s[end-1] == '"' || s[end-1] == '\'') {
		end--
		for end > 0 && s[end-1] == '\\' {
			end--
		}
	}
	ks := end
	for ks > 0 && end-ks < maxKey && isKeyByte(s[ks-1]) {
		ks--
	}
	return s[ks:end]
}

// pairValue finds the value that starts at or after s[i] (after spaces):
// s[vs:ve] is it, without its quotes, and next is where to look on.
func pairValue(s string, i int) (vs, ve, next int) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	q := i
	for q < len(s) && s[q] == '\\' {
		q++
	}
	if q < len(s) && (s[q] == '"' || s[q] == '\'') {
		quote := s[i : q+1] // the opening quote with its escapes
		vs = q + 1
		end := strings.Index(s[vs:], quote)
		if end < 0 {
			return vs, len(s), len(s)
		}
		return vs, vs + end, vs + end + len(quote)
	}
	ve = i
	for ve < len(s) && !strings.ContainsRune("&\t\n\v\f\r \"'<>,;", rune(s[ve])) {
		ve++
	}
	return i, ve, ve
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-[]", c) >= 0
}

// partRE matches a part of a multipart body: its Content-Disposition
// header with the field's name (2), the rest of its headers and the blank
// line (all 1), the value (3), and the line break and dashes of the next
// boundary (4), or the end of a body cut for the log.
var partRE = regexp.MustCompile(`(?i)(content-disposition:[^\r\n]*?\bname=("[^"\r\n]*"|[^\s;"]+)[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)([\s\S]*?)(\r?\n--|$)`)

// scrubParts redacts the values of a multipart body's parts whose name is
// a SecretKey (a form posted as multipart/form-data).
func scrubParts(s string) string {
	if !strings.Contains(s, "name=") {
		return s
	}
	return partRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := partRE.FindStringSubmatch(m)
		if sub[3] == "" || !SecretKey(strings.Trim(sub[2], `"`)) {
			return m
		}
		return sub[1] + Redacted + sub[4]
	})
}
