// Package suggest finds the known word closest to a mistyped one, for the
// "did you mean" of configuration and command-line errors.
package suggest

import "strings"

// Closest returns the candidate nearest to word by edit distance
// (insertions, deletions, substitutions and swaps of two neighbouring
// letters, compared case-insensitively), and false when none is near
// enough to be a likely typo: at most 1 edit for words of up to 4
// characters, 2 up to 8, and 3 beyond. Ties go to the earlier candidate.
// A candidate equal to word is returned too.
func Closest(word string, candidates []string) (string, bool) {
	best, bestDist := "", -1
	w := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(w, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > limit(len([]rune(word))) {
		return "", false
	}
	return best, true
}

// DidYouMean returns " (did you mean X?)" for the closest candidate, or ""
// when none is close.
func DidYouMean(word string, candidates []string) string {
	if c, ok := Closest(word, candidates); ok {
		return " (did you mean " + c + "?)"
	}
	return ""
}

// limit is the largest edit distance that still looks like a typo of a
// word of n characters.
func limit(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// maxLen bounds the words compared: longer input is no typo of a
// variable or key, and the cost is quadratic.
const maxLen = 64

// distance is the optimal string alignment distance between a and b in
// runes (Levenshtein's, with a swap of two neighbouring runes as one
// edit: "jsno" is one edit from "json"), or maxLen+1 when either is
// longer than maxLen.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > maxLen || len(rb) > maxLen {
		return maxLen + 1
	}
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
