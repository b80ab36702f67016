package fetch

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
)

// A JAR is not forced to disk before its rename (unless --sync), so a
// crash may leave it truncated or empty at its final name, with or without
// its record. A rerun finds it by its size and modification time (or by
// hashing it when there is no record) and downloads it again.
func TestRerunRepairsWhatACrashLeaves(t *testing.T) {
	const size = 64 << 10
	tests := []struct {
		name string
		// damage changes the installed JAR (path) and may remove its record.
		damage    func(t *testing.T, path, record string)
		published []checksum.Algorithm
		opts      Options
		// want: Downloaded (repaired) or UpToDate (found intact).
		want    Status
		check   Check
		warning string
	}{
		{name: "truncated", damage: func(t *testing.T, path, _ string) { must(t, os.Truncate(path, size/3)) },
			want: Downloaded, warning: "is truncated (21845 of 65536 bytes): downloading it again"},
		{name: "zero length", damage: func(t *testing.T, path, _ string) { must(t, os.Truncate(path, 0)) },
			want: Downloaded, warning: "is empty: downloading it again"},
		{name: "zero length, no record", damage: func(t *testing.T, path, record string) {
			must(t, os.Truncate(path, 0))
			must(t, os.Remove(record))
		}, want: Downloaded, warning: "is empty: downloading it again"},
		{name: "truncated, record lost", damage: func(t *testing.T, path, record string) {
			must(t, os.Truncate(path, 100))
			must(t, os.WriteFile(record, nil, 0o644))
		}, want: Downloaded, warning: "does not match the published SHA-256 checksum: downloading it again"},
		// A record cut short by a crash does not parse: the JAR is re-hashed.
		{name: "record cut short", damage: func(t *testing.T, _, record string) { must(t, os.Truncate(record, 30)) },
			want: UpToDate, check: Rehashed},
		{name: "same size, other bytes, new mtime", damage: func(t *testing.T, path, _ string) {
			overwrite(t, path)
			must(t, os.Chtimes(path, time.Now(), time.Now().Add(time.Hour)))
		}, want: Downloaded, warning: "does not match the published SHA-256 checksum: downloading it again"},
		{name: "same bytes, new mtime", damage: func(t *testing.T, path, _ string) {
			must(t, os.Chtimes(path, time.Now(), time.Now().Add(time.Hour)))
		}, want: UpToDate, check: Rehashed},
		// Same size and modification time: only --verify reads the file.
		{name: "same size and mtime, other bytes", damage: keepMtime(overwrite), want: UpToDate, check: ByRecord},
		{name: "same size and mtime, other bytes, --verify", damage: keepMtime(overwrite), opts: Options{Verify: true},
			want: Downloaded, warning: "does not match the published SHA-256 checksum: downloading it again"},
		{name: "intact, --verify", damage: func(*testing.T, string, string) {}, opts: Options{Verify: true}, want: UpToDate, check: Rehashed},
		// No checksum published: the record's own digest is the reference.
		{name: "unverified, truncated", published: []checksum.Algorithm{}, damage: func(t *testing.T, path, _ string) { must(t, os.Truncate(path, 10)) },
			want: Downloaded, warning: "is truncated (10 of 65536 bytes): downloading it again"},
		{name: "unverified, same bytes, new mtime", published: []checksum.Algorithm{}, damage: func(t *testing.T, path, _ string) {
			must(t, os.Chtimes(path, time.Now(), time.Now().Add(time.Hour)))
		}, want: UpToDate, check: Rehashed},
		{name: "unverified, other bytes, new mtime", published: []checksum.Algorithm{}, damage: func(t *testing.T, path, _ string) {
			overwrite(t, path)
			must(t, os.Chtimes(path, time.Now(), time.Now().Add(time.Hour)))
		}, want: Downloaded, warning: "does not match its recorded SHA-256: downloading it again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			content := e.repo.add(kafka, size)
			if tc.published != nil {
				e.repo.published = tc.published
			}
			first := e.one(Options{}, kafka)
			if first.Status != Downloaded {
				t.Fatalf("first run: %+v", first)
			}
			path := filepath.Join(e.path, kafka.FileName())
			tc.damage(t, path, filepath.Join(e.path, "."+kafka.FileName()+".verified"))
			jars := e.repo.count("jar")
			r := e.one(tc.opts, kafka)
			if r.Status != tc.want || r.Err != nil || r.Check != tc.check {
				t.Fatalf("rerun: %+v", r)
			}
			var warnings []string
			for _, w := range r.Warnings {
				if !strings.HasPrefix(w, "no checksum published") {
					warnings = append(warnings, w)
				}
			}
			if tc.warning == "" && len(warnings) != 0 || tc.warning != "" && (len(warnings) != 1 || !strings.HasSuffix(warnings[0], tc.warning)) {
				t.Fatalf("warnings %q, want %q", warnings, tc.warning)
			}
			if downloads := e.repo.count("jar") - jars; (tc.want == Downloaded) != (downloads == 1) {
				t.Fatalf("%d downloads on the rerun", downloads)
			}
			if tc.check == ByRecord {
				return // the damage is, as documented, not seen without --verify
			}
			if !bytes.Equal(e.content(kafka), content) {
				t.Fatal("the JAR is not repaired")
			}
			// The record describes the file as it is now: the next run
			// trusts it without reading it.
			if r := e.one(Options{}, kafka); r.Status != UpToDate || r.Check != ByRecord || r.Record.Verified != first.Record.Verified {
				t.Fatalf("third run: %+v", r)
			}
		})
	}
}

// With Sync the JAR is forced to disk before its rename (here: the shared
// syncfs or the per-file fsync runs and succeeds); the result is the same.
func TestSyncDownload(t *testing.T) {
	e := newEnv(t)
	content := e.repo.add(kafka, 100<<10)
	if r := e.one(Options{Sync: true}, kafka); r.Status != Downloaded || !r.Record.Verified {
		t.Fatalf("%+v", r)
	}
	if !bytes.Equal(e.content(kafka), content) {
		t.Fatal("content differs")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// overwrite changes the first bytes of the file in place (same size).
func overwrite(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteAt(bytes.Repeat([]byte{0}, 4096), 0)
	must(t, err)
	must(t, f.Close())
}

// keepMtime applies change and restores the file's modification time.
func keepMtime(change func(t *testing.T, path string)) func(t *testing.T, path, record string) {
	return func(t *testing.T, path, _ string) {
		fi, err := os.Stat(path)
		must(t, err)
		change(t, path)
		must(t, os.Chtimes(path, fi.ModTime(), fi.ModTime()))
	}
}
