package robokassa

// queryUnreserved marks the bytes that url.QueryEscape leaves as they are.
var queryUnreserved = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
		t[c+'a'-'A'] = true
	}
	t['-'], t['_'], t['.'], t['~'] = true, true, true, true
	return t
}()

// appendEscaped appends s to dst escaped exactly as url.QueryEscape does.
func appendEscaped[S ~string | ~[]byte](dst []byte, s S) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if queryUnreserved[c] {
			continue
		}
		dst = append(dst, s[start:i]...)
		if c == ' ' {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '%', hexUpper[c>>4], hexUpper[c&0x0f])
		}
		start = i + 1
	}
	return append(dst, s[start:]...)
}
