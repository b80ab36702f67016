package store

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// newDurability makes partial downloads durable with syncfs(2) on the
// directory's filesystem, shared by concurrent commits: one flush of the
// disk cache for many JARs, instead of one per JAR.
func newDurability(root *os.Root) *groupSync {
	return newGroupSync(func() error {
		dir, err := root.Open(".")
		if err != nil {
			return err
		}
		defer dir.Close()
		if err := unix.Syncfs(int(dir.Fd())); err != nil {
			return fmt.Errorf("syncfs: %w", err)
		}
		return nil
	})
}

// syncPart makes one partial download durable: the shared syncfs covers it.
func (d *Dir) syncPart(string) error { return d.durable.wait() }
