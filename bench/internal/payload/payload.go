// Package payload makes the data benchmarks transfer: large pseudo-random
// files, directories of small files, and their sizes as people read them.
package payload

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// WriteRandom writes size pseudo-random bytes (the same ones every run, no
// two MiB alike) to path and returns their SHA-256.
func WriteRandom(path string, size int64) ([32]byte, error) {
	f, err := os.Create(path)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	w := io.MultiWriter(f, h)
	block := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	for left := size; left > 0; {
		n := min(left, int64(len(block)))
		if _, err := w.Write(block[:n]); err != nil {
			return [32]byte{}, err
		}
		block[0]++ // no two blocks alike
		left -= n
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, f.Close()
}

// WriteSmall writes n small text files into dir.
func WriteSmall(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	body := []byte(strings.Repeat("small file content\n", 50))
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("file-%05d.txt", i)), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Size is n bytes as people read it: 1 GiB, 200 MiB.
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d B", n)
}
