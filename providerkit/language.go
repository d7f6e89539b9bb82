package providerkit

import "strings"

// Language returns the primary subtag of a BCP 47 language tag, lower-cased
// ("en-US" and "EN_us" give "en"), if it is one of the languages a provider
// offers, and "" otherwise, so that a provider leaves out a language its
// payment page does not have rather than sending a value its API refuses.
// With no offered languages, any primary subtag of letters is returned.
func Language(tag string, offered ...string) string {
	primary, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	primary, _, _ = strings.Cut(primary, "_")
	primary = strings.ToLower(primary)
	if primary == "" || len(primary) > 8 {
		return ""
	}
	for _, r := range primary {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	if len(offered) == 0 {
		return primary
	}
	for _, o := range offered {
		if primary == o {
			return primary
		}
	}
	return ""
}
