package payload

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteRandomIsRepeatable(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	const size = 3<<20 + 5
	sa, err := WriteRandom(a, size)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := WriteRandom(b, size)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Error("two files of the same size differ")
	}
	if st, err := os.Stat(a); err != nil || st.Size() != size {
		t.Errorf("size %v %v", st, err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 30: "1 GiB", 200 << 20: "200 MiB", 3<<30 + 1: "3072 MiB", 512: "512 B"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
