package token

import (
	"bytes"
	"crypto/rand"
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestFromBytesVectors(t *testing.T) {
	var zeros, seq, ones [32]byte
	for i := range seq {
		seq[i] = byte(i)
		ones[i] = 0xff
	}
	tests := []struct {
		name string
		in   [32]byte
		want string
	}{
		{"zeros", zeros, "kwreg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_52268f"},
		{"sequence", seq, "kwreg_aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypq_46605c"},
		{"ones", ones, "kwreg_777777777777777777777777777777777777777777777777777q_bbe3fd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromBytes(tt.in)
			if got != tt.want {
				t.Fatalf("FromBytes = %s, want %s", got, tt.want)
			}
			if err := Validate(got); err != nil {
				t.Fatalf("Validate(%s) = %v", got, err)
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	re := regexp.MustCompile(`^kwreg_[a-z2-7]{51}[aq]_[0-9a-f]{6}$`)
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		tok, err := Generate(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(tok) || len(tok) != Len {
			t.Fatalf("bad token %q", tok)
		}
		if err := Validate(tok); err != nil {
			t.Fatalf("Validate(%s) = %v", tok, err)
		}
		if seen[tok] {
			t.Fatalf("duplicate token %s", tok)
		}
		seen[tok] = true
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

func TestGenerateRandFailure(t *testing.T) {
	_, err := Generate(failReader{})
	if err == nil || !strings.Contains(err.Error(), "failed to generate random bytes") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Generate(bytes.NewReader(make([]byte, 10))); err == nil {
		t.Fatal("short read accepted")
	}
}

func TestValidate(t *testing.T) {
	good := "kwreg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_52268f"
	tests := []struct {
		name, tok, wantErr string
	}{
		{"good", good, ""},
		{"prefix", "kwreX" + good[5:], "must start with"},
		{"short", good[:40], "65 characters"},
		{"long", good + "0", "65 characters"},
		{"separator", good[:58] + "-" + good[59:], "'_' between"},
		{"alphabet", "kwreg_1" + good[7:], "not in the base32 alphabet"},
		{"upper", "kwreg_A" + good[7:], "not in the base32 alphabet"},
		{"last char", good[:57] + "b" + good[58:], "must be 'a' or 'q'"},
		{"hex", good[:59] + "52268G", "6 lower-case hex"},
		{"checksum", good[:59] + "52268e", "checksum mismatch"},
		{"payload flip", "kwreg_b" + good[7:], "checksum mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.tok)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate(%q) = %v, want error containing %q", tt.tok, err, tt.wantErr)
			}
		})
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("kwreg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_52268f")
	f.Add("kwreg_")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		err := Validate(s)
		if err == nil {
			// Anything accepted must round-trip through the encoder.
			raw, derr := encoding().DecodeString(s[len(Prefix) : len(Prefix)+payloadLen])
			if derr != nil || len(raw) != 32 {
				t.Fatalf("accepted %q that does not decode: %v", s, derr)
			}
			var b [32]byte
			copy(b[:], raw)
			if FromBytes(b) != s {
				t.Fatalf("accepted %q, re-encodes to %q", s, FromBytes(b))
			}
		}
	})
}
