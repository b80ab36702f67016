package discovery

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLock(t *testing.T) {
	dir := t.TempDir()
	l, err := LoadLock(dir)
	if err != nil || len(l.Plugins) != 0 {
		t.Fatalf("LoadLock of an empty directory = %+v, %v", l, err)
	}
	bin := filepath.Join(dir, "kestractl-hello")
	if err := os.WriteFile(bin, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	sum, err := FileSHA256(bin)
	if want := sha256.Sum256([]byte("binary")); err != nil || sum != hex.EncodeToString(want[:]) {
		t.Fatalf("FileSHA256 = %s, %v", sum, err)
	}
	l.Plugins["hello"] = Installed{Name: "hello", Version: "1.0.0", SHA256: sum}
	l.Plugins["broken"] = Installed{Name: "broken", SHA256: "not hex"}
	if err := l.Save(); err != nil {
		t.Fatal(err)
	}
	l, err = LoadLock(dir)
	if err != nil || len(l.Plugins) != 2 || l.Plugins["hello"].Version != "1.0.0" {
		t.Fatalf("reloaded lock = %+v, %v", l, err)
	}

	tests := []struct {
		name    string
		wantErr string
	}{
		{"hello", ""},
		{"broken", "is damaged"},
		{"stranger", "was not installed with 'kestractl extensions install'"},
	}
	for _, tt := range tests {
		got, err := l.Checksum(tt.name)
		switch {
		case tt.wantErr == "" && (err != nil || hex.EncodeToString(got) != sum):
			t.Errorf("Checksum(%s) = %x, %v", tt.name, got, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("Checksum(%s) error = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestLoadLockRejectsAnInvalidFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLock(dir); err == nil || !strings.Contains(err.Error(), "is not a valid lock file") {
		t.Fatalf("err = %v", err)
	}
	if _, err := FileSHA256(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("FileSHA256 of a missing file succeeded")
	}
}
