package flows

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

func TestExtractIdentity(t *testing.T) {
	id, ns, err := ExtractIdentity([]byte("# c\nnamespace: \"company.team\"\nid: 'hello'\ntasks: []\n"))
	if err != nil || id != "hello" || ns != "company.team" {
		t.Fatalf("%q %q %v", id, ns, err)
	}
	for _, bad := range []string{"", "- a", "id: a", "namespace: b", "id: [a]\nnamespace: b", "id: a\nnamespace: b\n---\nid: c\n", ": :"} {
		if _, _, err := ExtractIdentity([]byte(bad)); err == nil {
			t.Errorf("ExtractIdentity(%q) succeeded", bad)
		}
	}
}

func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: a\nnamespace: b\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("x" + string(rune('0'+i%10)) + string(rune('a'+i)) + ": &x" + string(rune('a'+i)) + " [")
		prev := "x0"
		if i > 1 {
			prev = "x" + string(rune('a'+i-1))
		}
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
	}
	_, vs := Parse([]byte(b.String()))
	if len(vs) == 0 {
		t.Fatal("an alias bomb parsed")
	}
}

func FuzzExtractIdentity(f *testing.F) {
	for _, s := range []string{
		"id: hello\nnamespace: company\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"namespace: 'a'\nid: \"b\"\n", "id: &x a\nnamespace: *x\n", "- a\n", "id: [\n", "{id: a, namespace: b}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		id, ns, err := ExtractIdentity(src)
		if err == nil && (id == "" || ns == "") {
			t.Fatalf("empty identity without error for %q", src)
		}
		def, vs := Parse(src)
		if len(vs) == 0 {
			if def == nil || def.ID != id || def.Namespace != ns || err != nil {
				t.Fatalf("Parse and ExtractIdentity disagree on %q: %+v / %q %q %v", src, def, id, ns, err)
			}
			if ValidateFlowID(def.ID) != nil || ValidateNamespace(def.Namespace) != nil || len(def.Tasks) == 0 {
				t.Fatalf("a valid flow has an invalid identity or no task: %q", src)
			}
		}
		for _, d := range yamldoc.SplitDocuments(src) {
			if !bytes.Contains(src, d) {
				t.Fatalf("document %q is not part of %q", d, src)
			}
		}
	})
}
