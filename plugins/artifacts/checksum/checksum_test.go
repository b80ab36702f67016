package checksum

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	sha1 := "da39a3ee5e6b4b0d3255bfef95601890afd80709"
	sha512 := strings.Repeat("ab", 64)
	tests := []struct {
		name    string
		alg     Algorithm
		content string
		want    string
		err     bool
	}{
		{"bare", SHA1, sha1, sha1, false},
		{"newline", SHA1, sha1 + "\n", sha1, false},
		{"upper", SHA1, strings.ToUpper(sha1), sha1, false},
		{"with file name", SHA1, sha1 + "  plugin-kafka-1.6.0.jar\n", sha1, false},
		{"bsd", SHA512, "SHA512 (plugin-kafka-1.6.0.jar) = " + sha512 + "\n", sha512, false},
		{"wrong length", SHA512, sha1, "", true},
		{"not hex", SHA1, strings.Repeat("z", 40), "", true},
		{"empty", SHA256, "", "", true},
		{"html", SHA1, "<html><body>Not Found</body></html>", "", true},
		{"unknown algorithm", Algorithm("crc"), sha1, "", true},
		// A digest followed by more than a checksum file holds is refused,
		// not cut to its first bytes and accepted.
		{"oversized", SHA1, sha1 + "\n" + strings.Repeat(" ", MaxFile), "", true},
		{"at the limit", SHA1, sha1 + strings.Repeat(" ", MaxFile-len(sha1)), sha1, false},
	}
	for _, tc := range tests {
		got, err := Parse(tc.alg, []byte(tc.content))
		if tc.err {
			if err == nil {
				t.Errorf("%s: Parse accepted %q", tc.name, tc.content)
			}
			continue
		}
		if err != nil || got.Hex != tc.want || got.Algorithm != tc.alg {
			t.Errorf("%s: Parse = %+v, %v; want %s", tc.name, got, err, tc.want)
		}
	}
}

func TestMatches(t *testing.T) {
	for _, a := range Preferred() {
		h := a.New()
		h.Write([]byte("plugin bytes"))
		sum := h.Sum(nil)
		e := Expected{Algorithm: a, Hex: hex.EncodeToString(sum)}
		if !e.Matches(sum) {
			t.Errorf("%s: digest does not match itself", a)
		}
		sum[0] ^= 1
		if e.Matches(sum) {
			t.Errorf("%s: a different digest matches", a)
		}
		if len(e.Hex) != a.HexLen() {
			t.Errorf("%s: HexLen %d, digest %d", a, a.HexLen(), len(e.Hex))
		}
	}
	if (Expected{Algorithm: SHA1, Hex: "zz"}).Matches([]byte{0}) {
		t.Error("invalid hex matches")
	}
}

func TestPolicy(t *testing.T) {
	got := Preferred()
	if len(got) != 4 || got[0] != SHA256 || got[1] != SHA512 || got[2] != SHA1 || got[3] != MD5 {
		t.Fatalf("Preferred = %v, want sha256, sha512, sha1, md5", got)
	}
	for _, tc := range []struct {
		a    Algorithm
		want bool
	}{{SHA256, true}, {SHA512, true}, {SHA1, true}, {MD5, false}, {"", false}, {"crc", false}} {
		if tc.a.Verifies() != tc.want || (Expected{Algorithm: tc.a}).Verifies() != tc.want {
			t.Errorf("%q verifies: %v, want %v", tc.a, tc.a.Verifies(), tc.want)
		}
	}
	if !Local.Verifies() || Local.New() == nil {
		t.Errorf("local algorithm %q", Local)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709  x.jar")
	f.Add("sha512", "SHA512 (x) = "+strings.Repeat("0", 128))
	f.Add("md5", "")
	f.Fuzz(func(t *testing.T, alg, content string) {
		a := Algorithm(alg)
		e, err := Parse(a, []byte(content))
		if err != nil {
			return
		}
		if len(e.Hex) != a.HexLen() || e.Hex != strings.ToLower(e.Hex) || !isHex(e.Hex) {
			t.Fatalf("Parse(%s, %q) = %+v", alg, content, e)
		}
		if _, err := hex.DecodeString(e.Hex); err != nil {
			t.Fatal(err)
		}
	})
}
