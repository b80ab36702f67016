//go:build !linux

package store

import "os"

// newDurability: without syncfs, each partial download is fsynced on its
// own (see syncPart).
func newDurability(*os.Root) *groupSync { return nil }

// syncPart fsyncs the partial download of file.
func (d *Dir) syncPart(file string) error {
	f, err := d.root.OpenFile(PartName(file), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
