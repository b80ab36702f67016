package executions

import (
	"errors"
	"testing"
)

type secretMap map[string]string

func (m secretMap) Secret(_, _, key string) (string, error) {
	if v, ok := m[key]; ok {
		return v, nil
	}
	return "", errors.New("Cannot find secret for key '" + key + "'.")
}

func TestExpandSecrets(t *testing.T) {
	e := &Execution{tenant: "main", namespace: "company.team", store: &Store{Hooks: Hooks{Secrets: secretMap{"K": "héllo", "B": "abc"}}}}
	cases := []struct {
		in, want, err string
		used          int
	}{
		{"no secret here {{ flow.id }}", "no secret here {{ flow.id }}", "", 0},
		{"{{ secret('K') | length }}", "5", "", 1},
		{`{{secret("K")|length}} and {{ secret('B') | sha256 }}`, "5 and ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "", 2},
		{"{{ secret('B') | md5 }}", "900150983cd24fb0d6963f7d28e17f72", "", 1},
		{"{{ secret('B') | sha1 | length }}", "40", "", 1},
		{"raw {{ secret('B') }}", "raw abc", "", 1},
		{"{{ secret('NOPE') | length }}", "", "Cannot find secret for key 'NOPE'.", 0},
		{"{{ secret('B') | upper }}", "", "Unknown filter 'upper' applied to a secret", 1},
	}
	for _, c := range cases {
		got, used, err := e.expandSecrets(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want || len(used) != c.used {
			t.Errorf("%q: %q %v %v, want %q (%d used)", c.in, got, used, err, c.want, c.used)
		}
	}
	if _, _, err := (&Execution{store: &Store{}}).expandSecrets("{{ secret('K') }}"); err == nil {
		t.Error("no secret backend: no error")
	}
}

func TestMaskSecrets(t *testing.T) {
	got := maskSecrets("token abc, base64 YWJj, empty", []string{"abc", ""})
	if got != "token ******, base64 ******, empty" {
		t.Errorf("%q", got)
	}
}
