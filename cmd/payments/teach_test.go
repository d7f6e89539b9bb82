package main

import (
	"strings"
	"testing"
)

// TestDidYouMean: an unknown command, flag, help topic, provider or
// configuration key is a usage error that suggests the closest known one.
func TestDidYouMean(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	typo := secretFile(t, dir, "typo.json", `{"provider":"robokassa","robokassa":{"merchant_login":"shop","algorithm":"sha256","pasword1_file":"/run/secrets/p1","password2":"`+testRKPassword2+`"}}`)
	providerTypo := secretFile(t, dir, "provider.json", `{"provider":"fake","fkae":{}}`)
	optionsTypo := secretFile(t, dir, "options.json", `{"provider":"fake","options":{"timout":"1s"}}`)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"command", nil, []string{"lnk"}, `unknown command "lnk" (did you mean link?)`},
		{"command with a swap", nil, []string{"stauts"}, `unknown command "stauts" (did you mean status?)`},
		{"command far off", nil, []string{"pay"}, `unknown command "pay"; run "payments help" for the list`},
		{"flag of a command", nil, []string{"link", "-order", "1", "-ammount", "1.00"}, "flag provided but not defined: -ammount (did you mean -amount?)"},
		{"flag with two dashes", nil, []string{"refund", "--refrence", "r"}, "flag provided but not defined: -refrence (did you mean -reference?)"},
		{"common flag", nil, []string{"-jsno", "status"}, "flag provided but not defined: -jsno (did you mean -json?)"},
		{"common flag after the command", nil, []string{"status", "-confg", "x"}, "flag provided but not defined: -confg (did you mean -config?)"},
		{"flag far off", nil, []string{"link", "-card", "4111"}, "flag provided but not defined: -card\n"},
		{"help topic", nil, []string{"help", "confg"}, `unknown command "confg" (did you mean config?)`},
		{"help command", nil, []string{"help", "refnd"}, `unknown command "refnd" (did you mean refund?)`},
		{"provider", map[string]string{"PAYMENTS_PROVIDER": "robokasa"}, []string{"balance"}, `unknown provider "robokasa" (did you mean "robokassa"?)`},
		{"secret key in a config file", nil, []string{"-config", typo, "balance"}, `has unknown key "pasword1_file"; did you mean "password1_file"?`},
		{"provider section in a config file", nil, []string{"-config", providerTypo, "balance"}, `has unknown key "fkae"; did you mean "fake"?`},
		{"option in a config file", nil, []string{"-config", optionsTypo, "balance"}, `has unknown key "timout"; did you mean "timeout"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newTool(t, tt.env).run(tt.args...)
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
		})
	}
}

// TestUnknownVariableWarning: a variable that starts like a provider's but
// that nothing reads is warned about, with the closest known variable;
// other variables are not, and neither is anything with -config (the
// environment is not read then).
func TestUnknownVariableWarning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want []string // warnings, in any order
	}{
		{"misspelt secret", map[string]string{
			"PAYMENTS_PROVIDER": "robokassa", "ROBOKASSA_MERCHANT_LOGIN": "shop", "ROBOKASSA_ALGORITHM": "sha256",
			"ROBOKASSA_PASWORD1": testRKPassword1, "ROBOKASSA_PASSWORD2": testRKPassword2,
		}, []string{"link", "-order", "1", "-amount", "1.00"}, exitUsage, []string{
			`payments: warning: ROBOKASSA_PASWORD1 is not a known variable and is ignored (did you mean "ROBOKASSA_PASSWORD1"?)`,
		}},
		{"misspelt provider variable", map[string]string{"PAYMENTS_PROVDER": "fake"}, []string{"balance"}, exitUsage, []string{
			`payments: warning: PAYMENTS_PROVDER is not a known variable and is ignored (did you mean "PAYMENTS_PROVIDER"?)`,
		}},
		{"two", map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_TIMEOT": "1s", "TBANK_TERMNAL_KEY": "t", "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret}, []string{"link", "-order", "1", "-amount", "1.00"}, exitOK, []string{
			`payments: warning: PAYMENTS_TIMEOT is not a known variable and is ignored (did you mean "PAYMENTS_TIMEOUT"?)`,
			`payments: warning: TBANK_TERMNAL_KEY is not a known variable and is ignored (did you mean "TBANK_TERMINAL_KEY"?)`,
		}},
		{"unrelated variables", map[string]string{"PAYMENTS_PROVIDER": "fake", "PAYMENTS_FAKE_WEBHOOK_SECRET": testCSSecret, "HOME": "/root", "ROBOKASSAX": "1", "PAYMENTS_CONFIG": ""}, []string{"link", "-order", "1", "-amount", "1.00"}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newTool(t, tt.env).run(tt.args...)
			wantCode(t, r, tt.code)
			var got []string
			for _, line := range strings.Split(r.stderr, "\n") {
				if strings.HasPrefix(line, "payments: warning:") {
					got = append(got, line)
				}
			}
			if strings.Join(sorted(got), "\n") != strings.Join(sorted(tt.want), "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	t.Run("not with -config", func(t *testing.T) {
		t.Parallel()
		cfg := secretFile(t, t.TempDir(), "fake.json", `{"provider":"fake","fake":{"webhook_secret":"`+testCSSecret+`"}}`)
		r := newTool(t, map[string]string{"ROBOKASSA_PASWORD1": "x"}).run("-config", cfg, "link", "-order", "1", "-amount", "1.00")
		wantCode(t, r, exitOK)
		if strings.Contains(r.stderr, "warning") {
			t.Errorf("warned about the environment, which -config does not read:\n%s", r.stderr)
		}
	})
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestConfigFileErrorsTeach: a -config file's syntax error says where it
// is, line and column, without quoting the file; a value of the wrong
// form says which key and what form is wanted.
func TestConfigFileErrorsTeach(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		json string
		want string
	}{
		// The missing comma: line 3, column 46 is the '"' of "password2".
		{"missing comma", "{\n  \"provider\": \"robokassa\",\n  \"robokassa\": {\"password1\": \"" + testRKPassword1 + "\" \"password2\": \"x\"}\n}\n",
			"is not valid JSON: syntax error at line 3, column 46"},
		{"first byte", "x", "syntax error at line 1, column 1"},
		{"ends too early", "{\"provider\": \"fake\",\n", "is not valid JSON: it ends too early at line 2, column 1"},
		{"second line", "{\n  \"provider\" \"fake\"}", "syntax error at line 2, column 14"},
		{"timeout as a number", `{"provider":"fake","options":{"timeout":10}}`, `options.timeout must be a duration string such as "10s" or "250ms", not a JSON number`},
		{"test mode as a string", `{"provider":"robokassa","robokassa":{"test_mode":"yes"}}`, "robokassa.test_mode must be a JSON boolean, not a JSON string"},
		{"currencies as a string", `{"provider":"fake","fake":{"currencies":"RUB"}}`, "fake.currencies must be a JSON array, not a JSON string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := secretFile(t, dir, strings.ReplaceAll(tt.name, " ", "_")+".json", tt.json)
			r := newTool(t, nil).run("-config", path, "balance")
			wantCode(t, r, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
		})
	}
}

func TestLineColumn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		offset    int64
		line, col int
	}{
		{"first byte", "x", 0, 1, 1},
		{"negative", "x", -1, 1, 1},
		{"second line", "{\n x", 3, 2, 2},
		{"the newline itself", "{\n", 1, 1, 2},
		{"after a newline", "{\n", 2, 2, 1},
		{"past the end", "ab\ncd", 99, 2, 3},
		{"empty", "", 0, 1, 1},
		{"CRLF counts the CR as a column", "{\r\n\"a\" 1}", 7, 2, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			line, col := lineColumn([]byte(tt.in), tt.offset)
			if line != tt.line || col != tt.col {
				t.Errorf("lineColumn(%q, %d) = %d:%d, want %d:%d", tt.in, tt.offset, line, col, tt.line, tt.col)
			}
		})
	}
}

func FuzzLineColumn(f *testing.F) {
	f.Add("{\n  \"a\" 1}", int64(9))
	f.Add("", int64(0))
	f.Add("\n\n", int64(-5))
	f.Add("x", int64(1<<40))
	f.Fuzz(func(t *testing.T, s string, i int64) {
		line, col := lineColumn([]byte(s), i)
		end := min(max(i, 0), int64(len(s)))
		before := s[:end]
		if line != 1+strings.Count(before, "\n") || col < 1 || col > len(before)+1 {
			t.Fatalf("lineColumn(%q, %d) = %d:%d", s, i, line, col)
		}
		if start := strings.LastIndexByte(before, '\n') + 1; col != len(before)-start+1 {
			t.Fatalf("lineColumn(%q, %d) = %d:%d, column off", s, i, line, col)
		}
	})
}
