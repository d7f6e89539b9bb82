package providers

import (
	"errors"
	"io"
	"net/url"
	"os"
	"strings"
)

// Redacted is what printed and marshalled configs show instead of a secret
// that is set. [Open] refuses a secret equal to it, so that a config copied
// from printed output fails loudly instead of signing with "[redacted]".
const Redacted = "[redacted]"

// maxSecretFile is the largest secret file read; secrets are short.
const maxSecretFile = 64 << 10

// redact returns "" for an unset secret and Redacted for a set one.
func redact(secret string) string {
	if secret == "" {
		return ""
	}
	return Redacted
}

// secretField is one secret of a section: its value, the path of a file
// holding it, and their keys.
type secretField struct {
	key   string // "password1"
	value string
	file  string
}

// resolve returns the secret's value: inline or read from its file (one
// trailing newline removed), never both. provider and prefix name the
// section and its environment variables in errors. An unset secret is "".
func (s secretField) resolve(provider, prefix string) (string, error) {
	bad := func(key, reason string, err error) error {
		return &ConfigError{Provider: provider, Field: key, Env: envName(prefix, key), Reason: reason, Err: err}
	}
	fileKey := s.key + "_file"
	switch {
	case s.value != "" && s.file != "":
		return "", bad(s.key, "and "+fileKey+" are both set; set one", nil)
	case s.value == Redacted:
		return "", bad(s.key, "holds the redaction marker "+Redacted+": the config was copied from printed output; set the real secret", nil)
	case s.file == "":
		return s.value, nil
	}
	v, err := readSecretFile(s.file)
	if err != nil {
		return "", bad(fileKey, "cannot be read: "+err.Error(), err)
	}
	if v == "" {
		return "", bad(fileKey, "names an empty file", nil)
	}
	return v, nil
}

// sectionSecret points at one secret of a section and at the path of the
// file that may hold it. Each section lists its secrets once, in its
// secrets method, for reading them ([resolveSecrets]) and for redacting
// them when it prints or marshals ([redactSecrets]).
type sectionSecret struct {
	key         string // "password1"
	value, file *string
}

// resolveSecrets sets each secret to its resolved value (see
// secretField.resolve) and clears its file path. provider and prefix name
// the section in errors.
func resolveSecrets(secrets []sectionSecret, provider, prefix string) error {
	for _, s := range secrets {
		v, err := secretField{s.key, *s.value, *s.file}.resolve(provider, prefix)
		if err != nil {
			return err
		}
		*s.value, *s.file = v, ""
	}
	return nil
}

// redactSecrets replaces every secret that is set with [Redacted].
func redactSecrets(secrets []sectionSecret) {
	for _, s := range secrets {
		*s.value = redact(*s.value)
	}
}

// readSecretFile reads a secret file of at most maxSecretFile bytes and
// removes one trailing newline ("\n" or "\r\n"), as editors and
// `echo secret > file` leave one. The error names the path, never the
// content.
func readSecretFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxSecretFile {
		return "", errors.New("file is larger than 64 KiB; a secret file holds only the secret")
	}
	s := strings.TrimSuffix(string(b), "\n")
	return strings.TrimSuffix(s, "\r"), nil
}

// checkURL checks a URL setting: absolute http(s), no user information,
// no fragment, and no query unless allowQuery. Secrets do not travel in
// URLs (they show in logs, in process listings and in Referer headers), so
// the error never repeats the URL.
func checkURL(provider, prefix, key, s string, allowQuery bool) error {
	if s == "" {
		return nil
	}
	bad := func(reason string) error {
		return &ConfigError{Provider: provider, Field: key, Env: envName(prefix, key), Reason: reason}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return bad("must be an absolute http or https URL")
	}
	if u.User != nil {
		return bad("must not carry a user name or password: give secrets in their own fields or files")
	}
	if !allowQuery && (u.RawQuery != "" || u.ForceQuery) {
		return bad("must not have a query: give secrets in their own fields or files")
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return bad("must not have a fragment")
	}
	return nil
}
