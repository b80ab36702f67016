package discovery

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/kestractl/kestractl/core/atomicfile"
)

// LockFile is the name of the record of installed extensions, in the user
// plugin directory.
const LockFile = "plugins.lock.json"

// Installed is the record of one extension installed with
// `kestractl extensions install`.
type Installed struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	SHA256      string `json:"sha256"`
	Source      string `json:"source"`
	InstalledAt string `json:"installed_at"`
}

// Lock is the set of installed extensions of a user plugin directory.
type Lock struct {
	Path    string
	Plugins map[string]Installed
}

// LoadLock reads dir's lock file (an empty lock when there is none).
func LoadLock(dir string) (*Lock, error) {
	l := &Lock{Path: filepath.Join(dir, LockFile), Plugins: map[string]Installed{}}
	b, err := os.ReadFile(l.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", l.Path, err)
	}
	var doc struct {
		Plugins []Installed `json:"plugins"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s is not a valid lock file: %w", l.Path, err)
	}
	for _, p := range doc.Plugins {
		l.Plugins[p.Name] = p
	}
	return l, nil
}

// Save writes the lock file atomically.
func (l *Lock) Save() error {
	names := make([]string, 0, len(l.Plugins))
	for n := range l.Plugins {
		names = append(names, n)
	}
	sort.Strings(names)
	doc := struct {
		Plugins []Installed `json:"plugins"`
	}{Plugins: []Installed{}}
	for _, n := range names {
		doc.Plugins = append(doc.Plugins, l.Plugins[n])
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(l.Path, append(b, '\n'), 0o644)
}

// Checksum returns the recorded sha256 of an installed plugin binary, or
// an error saying why the binary cannot be trusted.
func (l *Lock) Checksum(name string) ([]byte, error) {
	p, ok := l.Plugins[name]
	if !ok {
		return nil, fmt.Errorf("kestractl-%s in %s was not installed with 'kestractl extensions install', so its integrity cannot be checked", name, filepath.Dir(l.Path))
	}
	sum, err := hex.DecodeString(p.SHA256)
	if err != nil || len(sum) != sha256.Size {
		return nil, fmt.Errorf("the record of kestractl-%s in %s is damaged", name, l.Path)
	}
	return sum, nil
}

// FileSHA256 hashes a file.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
