package iostreams

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

type failAfter struct {
	n   int
	err error
}

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, f.err
	}
	f.n--
	return len(p), nil
}

func TestCheckedWriter(t *testing.T) {
	full := errors.New("no space left on device")
	tests := []struct {
		name  string
		w     io.Writer
		write func(c *CheckedWriter)
		want  error
	}{
		{"writes that work", &bytes.Buffer{}, func(c *CheckedWriter) { _, _ = c.Write([]byte("a")) }, nil},
		{"the first failure is kept", &failAfter{n: 1, err: full}, func(c *CheckedWriter) {
			_, _ = c.Write([]byte("a"))
			_, _ = c.Write([]byte("b"))
			c.Fail(errors.New("later"))
		}, full},
		{"io.Copy through ReadFrom", &failAfter{n: 0, err: full}, func(c *CheckedWriter) {
			_, _ = io.Copy(c, strings.NewReader("data"))
		}, full},
		{"a failure said by the caller", &bytes.Buffer{}, func(c *CheckedWriter) { c.Fail(full) }, full},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &CheckedWriter{W: tt.w}
			tt.write(c)
			if !errors.Is(c.Err(), tt.want) {
				t.Fatalf("Err() = %v, want %v", c.Err(), tt.want)
			}
		})
	}
}
