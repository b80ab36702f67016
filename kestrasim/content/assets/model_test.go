package assets

import (
	"strings"
	"testing"
)

func TestParseAndMerge(t *testing.T) {
	a, vs := Parse([]byte("id: orders\nnamespace: shop\ntype: TABLE\nsystem: postgres\nmetadata:\n  owner: data\n"))
	if len(vs) > 0 || a.Metadata["system"] != "postgres" || a.Metadata["owner"] != "data" {
		t.Fatalf("%v %+v", vs.Constraints(), a)
	}
	upd, _ := Parse([]byte("id: orders\ntype: TABLE\ndisplayName: Orders\nmetadata:\n  owner: null\n  rows: 10\n"))
	m := upd.mergeOver(a)
	if m.Namespace != "shop" || m.DisplayName != "Orders" || m.Metadata["system"] != "postgres" || m.Metadata["rows"] != int64(10) {
		t.Errorf("merge %+v", m)
	}
	if _, ok := m.Metadata["owner"]; ok {
		t.Errorf("a null metadata value must remove the key: %+v", m.Metadata)
	}
	for _, c := range []struct{ src, want string }{
		{"type: TABLE\n", "id: must not be null"},
		{"id: a b\ntype: TABLE\n", "id: must match"},
		{"id: a\n", "type: must not be blank"},
		{"id: a\ntype: T\nnamespace: Bad\n", "namespace: must match"},
		{"id: a\ntype: T\nmetadata: [1]\n", "metadata: must be a mapping"},
	} {
		if _, vs := Parse([]byte(c.src)); !strings.Contains(vs.Constraints(), c.want) {
			t.Errorf("%q: %q, want %q", c.src, vs.Constraints(), c.want)
		}
	}
}
