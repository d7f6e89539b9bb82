package providers

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/paykit/payments"
	"github.com/paykit/payments/providerkit"
)

// Redacted is what printed and marshalled configs show instead of a secret
// that is set, payments.Redacted. [Open] refuses a secret equal to it, so
// that a config copied from printed output fails loudly instead of signing
// with "[redacted]".
const Redacted = payments.Redacted

// maxSecretFile is the largest secret file read; secrets are short.
const maxSecretFile = 64 << 10

// resolve returns the settings of provider r that [Open] passes to its
// Open: every secret inline (read from its file when given as one), every
// required field present. sec may be nil (no section at all).
func resolve(r providerkit.Registration, sec Section) (map[string]string, error) {
	if sec == nil && hasRequired(r) {
		return nil, &ConfigError{Provider: r.Name, Field: r.Name,
			Reason: "section is missing: give a \"" + r.Name + "\" object or " + envPrefix(r) + "* variables"}
	}
	out := make(map[string]string, len(sec))
	for _, f := range r.Fields {
		v := sec[f.Key]
		if f.Secret {
			var err error
			if v, err = resolveSecret(r.Name, f, v, sec[f.FileKey()]); err != nil {
				return nil, err
			}
		}
		if v == "" {
			if f.Required {
				return nil, &ConfigError{Provider: r.Name, Field: f.Key, Env: f.Env, Reason: "is required"}
			}
			continue
		}
		out[f.Key] = v
	}
	return out, nil
}

func hasRequired(r providerkit.Registration) bool {
	for _, f := range r.Fields {
		if f.Required {
			return true
		}
	}
	return false
}

// envPrefix is the longest prefix ending in '_' that the variables of r
// share ("ROBOKASSA_"), for messages.
func envPrefix(r providerkit.Registration) string {
	if len(r.Fields) == 0 {
		return strings.ToUpper(r.Name) + "_"
	}
	p := r.Fields[0].Env
	for _, f := range r.Fields[1:] {
		for !strings.HasPrefix(f.Env, p) {
			p = p[:len(p)-1]
		}
	}
	return p[:strings.LastIndexByte(p, '_')+1]
}

// resolveSecret returns a secret's value: inline or read from its file
// (one trailing newline removed), never both. An unset secret is "".
func resolveSecret(provider string, f providerkit.Field, value, file string) (string, error) {
	bad := func(key, env, reason string, err error) error {
		return &ConfigError{Provider: provider, Field: key, Env: env, Reason: reason, Err: err}
	}
	switch {
	case value != "" && file != "":
		return "", bad(f.Key, f.Env, "and "+f.FileKey()+" are both set; set one", nil)
	case value == Redacted:
		return "", bad(f.Key, f.Env, "holds the redaction marker "+Redacted+": the config was copied from printed output; set the real secret", nil)
	case file == "":
		return value, nil
	}
	v, err := readSecretFile(file)
	if err != nil {
		return "", bad(f.FileKey(), f.FileEnv(), "cannot be read: "+err.Error(), err)
	}
	if v == "" {
		return "", bad(f.FileKey(), f.FileEnv(), "names an empty file", nil)
	}
	return v, nil
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
