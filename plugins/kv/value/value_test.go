package value

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseType(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Type
		err  string
	}{
		{"string", String, ""},
		{"NUMBER", Number, ""},
		{" Boolean ", Boolean, ""},
		{"datetime", DateTime, ""},
		{"date", Date, ""},
		{"duration", Duration, ""},
		{"json", JSON, ""},
		{"int", "", `invalid type "int", allowed values: STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION, JSON`},
		{"", "", `invalid type ""`},
	} {
		got, err := ParseType(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseType(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseType(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		typ  Type
		in   string
		body string
		json string
		err  string
	}{
		{String, "hello", `"hello"`, `"hello"`, ""},
		{String, "  spaced  ", `"  spaced  "`, `"  spaced  "`, ""},
		{String, "2025-01-01", `"2025-01-01"`, `"2025-01-01"`, ""},
		{String, "<a&b>", `"<a&b>"`, `"<a&b>"`, ""},
		{String, "", `""`, `""`, ""},
		{String, "\xff", "", "", "not valid UTF-8 text"},
		{Number, "42", "42", "42", ""},
		{Number, " -1.5e3 ", "-1.5e3", "-1.5e3", ""},
		{Number, "123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890", ""},
		{Number, "abc", "", "", `invalid NUMBER value "abc"`},
		{Number, "1 2", "", "", `invalid NUMBER value "1 2"`},
		{Number, "0x10", "", "", `invalid NUMBER value "0x10"`},
		{Number, "NaN", "", "", `invalid NUMBER value "NaN"`},
		{Boolean, "TRUE", "true", "true", ""},
		{Boolean, "false", "false", "false", ""},
		{Boolean, "yes", "", "", `invalid BOOLEAN value "yes", expected true or false`},
		{JSON, `{"a": 1, "b": [1, 2]}`, `{"a":1,"b":[1,2]}`, `{"a":1,"b":[1,2]}`, ""},
		{JSON, `{"big": 1725000000000000001}`, `{"big":1725000000000000001}`, `{"big":1725000000000000001}`, ""},
		{JSON, `{`, "", "", `invalid JSON value "{": `},
		{JSON, ``, "", "", `invalid JSON value "": empty value`},
		{JSON, `{"a":1} x`, "", "", `invalid JSON value`},
		{Date, "2025-10-13", "2025-10-13", `"2025-10-13"`, ""},
		{Date, "2025/10/13", "", "", `invalid DATE value "2025/10/13", expected format YYYY-MM-DD`},
		{Date, "2025-02-30", "", "", `invalid DATE value`},
		{DateTime, "2025-10-14T10:00:00Z", "2025-10-14T10:00:00Z", `"2025-10-14T10:00:00Z"`, ""},
		{DateTime, "2025-10-14T10:00:00.123+02:00", "2025-10-14T10:00:00.123+02:00", `"2025-10-14T10:00:00.123+02:00"`, ""},
		{DateTime, "2025-10-14", "", "", `invalid DATETIME value "2025-10-14", expected RFC3339 format`},
		{Duration, "PT15M", "PT15M", `"PT15M"`, ""},
		{Duration, "P7D", "P7D", `"P7D"`, ""},
		{Duration, "PT1.5S", "PT1.5S", `"PT1.5S"`, ""},
		{Duration, "-PT10S", "-PT10S", `"-PT10S"`, ""},
		{Duration, "15m", "", "", `invalid DURATION value "15m", expected ISO-8601 duration (for example PT15M)`},
		{Duration, "P", "", "", `invalid DURATION value`},
		{Duration, "PT", "", "", `invalid DURATION value`},
		{Duration, "P1Y", "", "", `invalid DURATION value`},
		{Duration, "PT1 M", "", "", `invalid DURATION value`},
	} {
		got, err := Encode(tc.typ, tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Encode(%s, %q) error = %v, want %q", tc.typ, tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Encode(%s, %q): %v", tc.typ, tc.in, err)
			continue
		}
		if string(got.Body) != tc.body || string(got.JSON) != tc.json {
			t.Errorf("Encode(%s, %q) = body %s json %s; want %s, %s", tc.typ, tc.in, got.Body, got.JSON, tc.body, tc.json)
		}
	}
}

func TestEncodeLongValueIsShortened(t *testing.T) {
	_, err := Encode(Number, strings.Repeat("x", 500))
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "…") {
		t.Fatalf("error = %v", err)
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		`"hello"`:                     "hello",
		`42`:                          "42",
		`1725000000000000001`:         "1725000000000000001",
		`{"a": 1}`:                    `{"a":1}`,
		`true`:                        "true",
		`"line\nbreak"`:               "line\nbreak",
		`{"big":1725000000000000001}`: `{"big":1725000000000000001}`,
	} {
		if got := Text(json.RawMessage(in)); got != want {
			t.Errorf("Text(%s) = %q, want %q", in, got, want)
		}
	}
}

// FuzzEncode checks that whatever is accepted encodes to a body the server
// can read back as the same JSON, and that nothing panics.
func FuzzEncode(f *testing.F) {
	for _, s := range []string{"hello", "42", "-1.5e3", "true", `{"a":[1,2]}`, "2025-01-01", "2025-01-01T00:00:00Z", "PT15M", "P", "{", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, typ := range All() {
			e, err := Encode(typ, in)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "invalid "+string(typ)+" value") {
					t.Fatalf("Encode(%s, %q) error %q lacks the type prefix", typ, in, err)
				}
				continue
			}
			if !json.Valid(e.JSON) {
				t.Fatalf("Encode(%s, %q) JSON %q is not valid", typ, in, e.JSON)
			}
			if typ == String {
				var s string
				if err := json.Unmarshal(e.Body, &s); err != nil || s != in {
					t.Fatalf("Encode(STRING, %q) body %q does not round-trip: %q %v", in, e.Body, s, err)
				}
			}
		}
	})
}

func FuzzParseType(f *testing.F) {
	f.Add("string")
	f.Add("JSON")
	f.Fuzz(func(t *testing.T, in string) {
		typ, err := ParseType(in)
		if err == nil && !strings.EqualFold(strings.TrimSpace(in), string(typ)) {
			t.Fatalf("ParseType(%q) = %q", in, typ)
		}
	})
}
