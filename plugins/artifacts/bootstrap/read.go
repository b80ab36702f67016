package bootstrap

import (
	"fmt"
	"io"
	"os"
)

// MaxFile bounds a Kestra configuration file read with --from-config: real
// ones weigh kilobytes; without a bound, --from-config /dev/zero would
// grow the plugin until memory runs out.
const MaxFile = 8 << 20

// ReadFile reads a configuration file of at most MaxFile bytes. Special
// files are read too (a shell's <(...) is a pipe), within the same bound.
func ReadFile(path string) ([]byte, error) {
	return readLimited(path, MaxFile)
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d MiB, the limit for a Kestra configuration file", limit>>20)
	}
	return b, nil
}
