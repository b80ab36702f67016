// Package store is the plugins directory: JARs at their final names, the
// hidden partial downloads (.<jar>.part) they are streamed into, and the
// records of verified digests kept beside them (.<jar>.verified). Every
// access goes through an os.Root, so no name can reach outside it.
package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Dir is an open plugins directory.
type Dir struct {
	root    *os.Root
	path    string
	durable *groupSync // shared flushes (nil where each file is fsynced)
}

// Open creates the directory if needed (mode 0755) and opens it.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create plugins directory %q: %w", path, unwrap(err))
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open plugins directory %q: %w", path, unwrap(err))
	}
	return &Dir{root: root, path: path, durable: newDurability(root)}, nil
}

// OpenExisting opens the directory without creating it (a dry run
// changes nothing): nil, without an error, when it does not exist.
func OpenExisting(path string) (*Dir, error) {
	root, err := os.OpenRoot(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot open plugins directory %q: %w", path, unwrap(err))
	}
	return &Dir{root: root, path: path, durable: newDurability(root)}, nil
}

// Close releases the directory.
func (d *Dir) Close() error { return d.root.Close() }

// Path is the directory as given to Open.
func (d *Dir) Path() string { return d.path }

// PartName is the hidden file a JAR is downloaded into.
func PartName(file string) string { return "." + file + ".part" }

// RecordName is the hidden file holding the JAR's verified digest.
func RecordName(file string) string { return "." + file + ".verified" }

// OpenPart opens (creating it if needed) the partial download of file,
// positioned at its start.
func (d *Dir) OpenPart(file string) (*os.File, error) {
	if fi, err := d.root.Lstat(PartName(file)); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot use %s in %q: it is not a regular file (remove it)", PartName(file), d.path)
	}
	f, err := d.root.OpenFile(PartName(file), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot create temp file in %q: %w", d.path, unwrap(err))
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("cannot use %s in %q: it is not a regular file (remove it)", PartName(file), d.path)
	}
	return f, nil
}

// SyncPart makes the complete partial download of file durable, before it
// is renamed into place: after a crash, a JAR at its final name is whole.
// Concurrent calls share one flush where the system allows (Linux:
// syncfs), else each file is fsynced.
func (d *Dir) SyncPart(file string) error {
	if err := d.syncPart(file); err != nil {
		return fmt.Errorf("write failed: %w", unwrap(err))
	}
	return nil
}

// RemovePart deletes the partial download of file, if any.
func (d *Dir) RemovePart(file string) error {
	if err := d.root.Remove(PartName(file)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the partial download of %s: %w", file, unwrap(err))
	}
	return nil
}

// Regular stats name and reports whether it is a regular file.
func (d *Dir) Regular(name string) (fs.FileInfo, bool) {
	fi, err := d.root.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	return fi, true
}

// Open opens name for reading.
func (d *Dir) Open(name string) (*os.File, error) { return d.root.Open(name) }

// Commit moves a complete, verified partial download to its final name,
// replacing any file there atomically. Record its digest next: if that
// fails, the JAR is complete but unrecorded and the next run verifies it
// again.
func (d *Dir) Commit(file string) error {
	part := PartName(file)
	if err := d.root.Chmod(part, 0o644); err != nil {
		return fmt.Errorf("cannot set the mode of %s: %w", part, unwrap(err))
	}
	if err := d.root.Rename(part, file); err != nil {
		return fmt.Errorf("failed to finalize download (rename error): %w", unwrap(err))
	}
	return nil
}

// Record stamps rec with file's size and modification time and writes it
// as the file's record. It is written in place, not through a temporary
// file and a rename: a record cut short by a crash does not parse, and a
// JAR without a valid record is checked again, so an atomic write would
// only cost a rename per JAR.
func (d *Dir) Record(file string, rec Record) (Record, error) {
	fi, ok := d.Regular(file)
	if !ok {
		return rec, fmt.Errorf("%s is not a regular file", file)
	}
	rec.Size, rec.ModTime = fi.Size(), fi.ModTime().UnixNano()
	b, err := rec.Marshal()
	if err != nil {
		return rec, err
	}
	if err := d.root.WriteFile(RecordName(file), b, 0o644); err != nil {
		return rec, fmt.Errorf("cannot write the record of %s: %w", file, unwrap(err))
	}
	return rec, nil
}

// Verified returns file's record when it is still true: the record names
// coordinate and the file has the recorded size and modification time.
func (d *Dir) Verified(file, coordinate string) (Record, bool) {
	fi, ok := d.Regular(file)
	if !ok {
		return Record{}, false
	}
	rec, ok := d.Recorded(file, coordinate)
	if !ok || rec.Size != fi.Size() || rec.ModTime != fi.ModTime().UnixNano() {
		return Record{}, false
	}
	return rec, true
}

// Recorded returns file's record when it names coordinate, whether or not
// the file still has the recorded size and modification time.
func (d *Dir) Recorded(file, coordinate string) (Record, bool) {
	rec, ok := d.record(file)
	if !ok || rec.Coordinate != coordinate {
		return Record{}, false
	}
	return rec, true
}

// record reads file's record, if it has a valid one.
func (d *Dir) record(file string) (Record, bool) {
	b, err := d.readSmall(RecordName(file), maxRecord)
	if err != nil {
		return Record{}, false
	}
	rec, err := ParseRecord(b)
	if err != nil {
		return Record{}, false
	}
	return rec, true
}

// AdoptLegacy moves the JAR of coordinate from its legacy name to file,
// its current name, with its record, when file does not exist yet and the
// JAR at the legacy name is recorded as coordinate's (without a record,
// the legacy name may be another coordinate's JAR: it is left alone). It
// reports whether it moved it. The JAR moves first: should the record not
// follow, the JAR is checked again on the next run.
func (d *Dir) AdoptLegacy(legacy, file, coordinate string) (bool, error) {
	if !d.Adoptable(legacy, file, coordinate) {
		return false, nil
	}
	if err := d.root.Rename(legacy, file); err != nil {
		return false, fmt.Errorf("cannot rename %s to %s: %w", legacy, file, unwrap(err))
	}
	if err := d.root.Rename(RecordName(legacy), RecordName(file)); err != nil {
		return true, fmt.Errorf("cannot rename the record of %s: %w", legacy, unwrap(err))
	}
	return true, nil
}

// Adoptable reports whether AdoptLegacy(legacy, file, coordinate) would
// move the JAR, changing nothing.
func (d *Dir) Adoptable(legacy, file, coordinate string) bool {
	if legacy == file {
		return false
	}
	if _, err := d.root.Lstat(file); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if _, ok := d.Regular(legacy); !ok {
		return false
	}
	_, ok := d.Recorded(legacy, coordinate)
	return ok
}

// readSmall reads name whole when it is a regular file of at most limit
// bytes: a FIFO, a device or a huge file put in the plugins directory
// under a record's name cannot block or exhaust the plugin.
func (d *Dir) readSmall(name string, limit int64) ([]byte, error) {
	if fi, ok := d.Regular(name); !ok {
		return nil, fmt.Errorf("%s is not a regular file", name)
	} else if fi.Size() > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
	}
	f, err := d.root.Open(name)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, limit)
	}
	return b, nil
}

// HashFile streams name through h and returns its size.
func (d *Dir) HashFile(name string, h io.Writer) (int64, error) {
	f, err := d.root.Open(name)
	if err != nil {
		return 0, unwrap(err)
	}
	defer f.Close()
	return io.Copy(h, f)
}

// remove deletes name and its record; a missing file is not an error.
func (d *Dir) remove(name string) error {
	if err := d.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := d.root.Remove(RecordName(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// unwrap drops the path an *fs.PathError or *os.LinkError repeats (the
// messages name the file themselves).
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
