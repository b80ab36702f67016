package cmdutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type failingReader struct{ after int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.after <= 0 {
		return 0, errors.New("connection lost")
	}
	n := min(len(p), r.after)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.after -= n
	return n, nil
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub", "report.xml")
	n, err := WriteFile(target, strings.NewReader("<testsuites/>"))
	if err != nil || n != 13 {
		t.Fatalf("write: %d %v", n, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "<testsuites/>" {
		t.Fatalf("content %q", b)
	}
	// A failure midway leaves the previous content and no temporary file.
	if _, err := WriteFile(target, io.MultiReader(strings.NewReader("partial"), &failingReader{after: 10})); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(target); string(b) != "<testsuites/>" {
		t.Fatalf("content after a failed write %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	if _, err := WriteFile(dir, strings.NewReader("x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("directory: %v", err)
	}
}
