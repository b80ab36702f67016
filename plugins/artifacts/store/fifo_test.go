//go:build unix

package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO under a record's name is not opened (reading it would block).
func TestRecordThatIsAFIFOIsNotRead(t *testing.T) {
	d, path := open(t)
	const file = "g__a__1.jar"
	touch(t, path, file)
	if err := syscall.Mkfifo(filepath.Join(path, RecordName(file)), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if _, ok := d.Recorded(file, "g:a:1"); ok {
		t.Fatal("a FIFO is a record")
	}
	if _, ok := d.Verified(file, "g:a:1"); ok {
		t.Fatal("verified by a FIFO")
	}
	if _, err := os.Stat(filepath.Join(path, RecordName(file))); err != nil {
		t.Fatal(err)
	}
}

// A FIFO at a partial download's name is refused, not read (the resume
// would wait on it forever).
func TestPartThatIsAFIFOIsRefused(t *testing.T) {
	d, path := open(t)
	const file = "g__a__1.jar"
	if err := syscall.Mkfifo(filepath.Join(path, PartName(file)), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	f, err := d.OpenPart(file)
	if err == nil {
		f.Close()
		t.Fatal("a FIFO opened as a partial download")
	}
	if want := "cannot use .g__a__1.jar.part in \"" + path + "\": it is not a regular file (remove it)"; err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
}
