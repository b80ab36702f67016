package store

import (
	"crypto/sha512"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
)

func open(t *testing.T) (*Dir, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plugins")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d, path
}

func digest(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}

func TestOpenCreatesDirectory(t *testing.T) {
	_, path := open(t)
	fi, err := os.Stat(path)
	if err != nil || !fi.IsDir() {
		t.Fatalf("stat = %v, %v", fi, err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(filepath.Join(file, "sub")); err == nil || !strings.HasPrefix(err.Error(), "cannot create plugins directory ") {
		t.Fatalf("under a file: %v", err)
	}
}

func TestCommitAndVerified(t *testing.T) {
	d, path := open(t)
	const file = "io_kestra_plugin__plugin-kafka__1_6_0.jar"
	content := []byte("jar bytes")
	f, err := d.OpenPart(file)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(content)
	f.Close()
	if _, ok := d.Regular(file); ok {
		t.Fatal("the final name exists before the commit")
	}
	if err := d.Commit(file); err != nil {
		t.Fatal(err)
	}
	rec, err := d.Record(file, Record{Coordinate: "io.kestra.plugin:plugin-kafka:1.6.0", Algorithm: checksum.SHA512, Digest: digest(content), Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Size != int64(len(content)) {
		t.Fatalf("record size %d", rec.Size)
	}
	if _, err := os.Stat(filepath.Join(path, PartName(file))); !os.IsNotExist(err) {
		t.Fatalf("part file left: %v", err)
	}
	fi, _ := os.Stat(filepath.Join(path, file))
	if fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v", fi.Mode())
	}
	if _, ok := d.Verified(file, "io.kestra.plugin:plugin-kafka:1.6.0"); !ok {
		t.Fatal("not verified after commit")
	}
	if _, ok := d.Verified(file, "io.kestra.plugin:plugin-kafka:1.6.1"); ok {
		t.Fatal("verified for another coordinate")
	}
	// A file changed after the download no longer matches its record.
	os.WriteFile(filepath.Join(path, file), []byte("jar bytez"), 0o644)
	os.Chtimes(filepath.Join(path, file), time.Now(), time.Now().Add(time.Hour))
	if _, ok := d.Verified(file, "io.kestra.plugin:plugin-kafka:1.6.0"); ok {
		t.Fatal("a modified file is still verified")
	}
}

func TestVerifiedNeedsRegularFile(t *testing.T) {
	d, path := open(t)
	os.Mkdir(filepath.Join(path, "x.jar"), 0o755)
	if _, ok := d.Verified("x.jar", "g:a:1"); ok {
		t.Fatal("a directory is verified")
	}
	if _, ok := d.Verified("missing.jar", "g:a:1"); ok {
		t.Fatal("a missing file is verified")
	}
}

func TestRootConfinesNames(t *testing.T) {
	d, path := open(t)
	outside := filepath.Join(filepath.Dir(path), "outside")
	os.Mkdir(outside, 0o755)
	os.Symlink(outside, filepath.Join(path, "link"))
	for _, name := range []string{"../escape.jar", "link/escape.jar", "/tmp/escape.jar"} {
		if f, err := d.OpenPart(name); err == nil {
			f.Close()
			t.Errorf("OpenPart(%q) escaped the root", name)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, ".escape.jar.part")); !os.IsNotExist(err) {
		t.Fatal("a file was written outside the plugins directory")
	}
}

func TestParseRecord(t *testing.T) {
	good := Record{Coordinate: "g:a:1", Algorithm: checksum.SHA512, Digest: digest(nil), Verified: true, Size: 3, ModTime: 5}
	b, _ := good.Marshal()
	got, err := ParseRecord(b)
	if err != nil || got != good {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{
		`{}`, `not json`,
		`{"coordinate":"g:a:1","algorithm":"crc","digest":"00","size":1}`,
		`{"coordinate":"g:a:1","algorithm":"sha1","digest":"zz","size":1}`,
		`{"coordinate":"g:a:1","algorithm":"sha1","digest":"da39a3ee5e6b4b0d3255bfef95601890afd80709","size":-1}`,
		`{"coordinate":"","algorithm":"sha1","digest":"da39a3ee5e6b4b0d3255bfef95601890afd80709","size":1}`,
	} {
		if _, err := ParseRecord([]byte(bad)); err == nil {
			t.Errorf("ParseRecord(%s) accepted", bad)
		}
	}
}

func touch(t *testing.T, path, name string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(path, name), []byte(name), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPrune(t *testing.T) {
	d, path := open(t)
	kafka := coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: "plugin-kafka", Version: "1.6.0"}
	for _, n := range []string{
		"io_kestra_plugin__plugin-kafka__1_6_0.jar",           // current: kept
		"io_kestra_plugin__plugin-kafka__1_5_0.jar",           // older: removed
		".io_kestra_plugin__plugin-kafka__1_5_0.jar.verified", // its record: removed
		"io_kestra_plugin__plugin-kafka__1_6_0-SNAPSHOT.jar",  // older: removed
		"io_kestra_plugin__plugin-kafka__1_10_0.jar",          // newer: kept and reported
		"io_kestra_plugin__plugin-kafka-connect__1_0_0.jar",   // another artifact: kept
		"io_kestra_plugin__plugin-kafka__1_0_0.txt",           // not a JAR: kept
		"io_kestra_plugin__plugin-jdbc__1_0_0.jar",            // not in the list: kept
		"plugin-kafka-1.4.0.jar",                              // old naming: kept
	} {
		touch(t, path, n)
	}
	p, err := d.Prune([]coord.Coordinate{kafka})
	if err != nil {
		t.Fatal(err)
	}
	removed := p.RemovedFor(kafka)
	if strings.Join(removed, " ") != "io_kestra_plugin__plugin-kafka__1_5_0.jar io_kestra_plugin__plugin-kafka__1_6_0-SNAPSHOT.jar" || p.Count() != 2 {
		t.Fatalf("removed %v", p.Removed)
	}
	if strings.Join(p.Newer[kafka], " ") != "io_kestra_plugin__plugin-kafka__1_10_0.jar" {
		t.Fatalf("newer %v", p.Newer)
	}
	left, _ := os.ReadDir(path)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	want := []string{
		"io_kestra_plugin__plugin-jdbc__1_0_0.jar", "io_kestra_plugin__plugin-kafka-connect__1_0_0.jar",
		"io_kestra_plugin__plugin-kafka__1_0_0.txt", "io_kestra_plugin__plugin-kafka__1_10_0.jar",
		"io_kestra_plugin__plugin-kafka__1_6_0.jar", "plugin-kafka-1.4.0.jar",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("left %v\nwant %v", names, want)
	}
}

func TestPruneKeepsEveryRequestedVersion(t *testing.T) {
	d, path := open(t)
	a1 := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1.0.0"}
	a2 := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "2.0.0"}
	for _, n := range []string{a1.FileName(), a2.FileName(), "g__a__1_5_0.jar"} {
		touch(t, path, n)
	}
	p, err := d.Prune([]coord.Coordinate{a1, a2})
	if err != nil || p.Count() != 1 || p.Removed[0] != (Removal{File: "g__a__1_5_0.jar", Of: coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1.5.0"}, Kept: a2}) {
		t.Fatalf("Prune = %+v, %v", p, err)
	}
	for _, n := range []string{a1.FileName(), a2.FileName()} {
		if _, err := os.Stat(filepath.Join(path, n)); err != nil {
			t.Fatalf("%s removed", n)
		}
	}
}

func FuzzParseRecord(f *testing.F) {
	b, _ := Record{Coordinate: "g:a:1", Algorithm: checksum.SHA1, Digest: "da39a3ee5e6b4b0d3255bfef95601890afd80709", Size: 1}.Marshal()
	f.Add(b)
	f.Add([]byte(`{"algorithm":"sha512"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRecord(b)
		if err != nil {
			return
		}
		if !r.Algorithm.Valid() || len(r.Digest) != r.Algorithm.HexLen() || r.Size < 0 {
			t.Fatalf("accepted %+v", r)
		}
	})
}

// record writes name with a record naming coordinate.
func record(t *testing.T, d *Dir, path, name, coordinate string) {
	t.Helper()
	touch(t, path, name)
	if _, err := d.Record(name, Record{Coordinate: coordinate, Algorithm: checksum.SHA512, Digest: digest([]byte(name)), Verified: true}); err != nil {
		t.Fatal(err)
	}
}

// Issue 20 #12: coordinates that differ only by '.' and '_' used to share
// a file name, and keeping g.a:b pruned g_a:b's JAR. Now each JAR belongs
// to the coordinate its record names, else to the one its name reads as.
func TestPruneTellsLookalikesApart(t *testing.T) {
	d, path := open(t)
	dotted := coord.Coordinate{GroupID: "g.a", ArtifactID: "b", Version: "2.0"}
	under := coord.Coordinate{GroupID: "g_a", ArtifactID: "b", Version: "2.0"}
	for _, n := range []string{
		"g_a~b~1.0.jar",   // g_a:b:1.0 at its current name
		"g_a__b__1_5.jar", // no record: g.a:b:1.5, as its name reads
		dotted.FileName(), under.FileName(),
	} {
		touch(t, path, n)
	}
	record(t, d, path, "g_a__b__1_0.jar", "g_a:b:1.0") // g_a:b:1.0 at its legacy name
	record(t, d, path, "g_a__b__0_9.jar", "g.a:b:0.9") // g.a:b:0.9, recorded

	p, err := d.Prune([]coord.Coordinate{dotted})
	if err != nil {
		t.Fatal(err)
	}
	removed := p.RemovedFor(dotted)
	if strings.Join(removed, " ") != "g_a__b__0_9.jar g_a__b__1_5.jar" || p.Count() != 2 {
		t.Fatalf("keeping %v removed %v", dotted, p.Removed)
	}
	p, err = d.Prune([]coord.Coordinate{under})
	if err != nil {
		t.Fatal(err)
	}
	removed = p.RemovedFor(under)
	if strings.Join(removed, " ") != "g_a__b__1_0.jar g_a~b~1.0.jar" || p.Count() != 2 {
		t.Fatalf("keeping %v removed %v", under, p.Removed)
	}
	left, _ := os.ReadDir(path)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if want := []string{dotted.FileName(), under.FileName()}; !slices.Equal(names, want) {
		t.Fatalf("left %v, want %v", names, want)
	}
}

// PrunePlan names what Prune would remove, in name order, with the
// coordinate each JAR holds, and deletes nothing.
func TestPrunePlanDeletesNothing(t *testing.T) {
	d, path := open(t)
	keep := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "2.0"}
	for _, n := range []string{keep.FileName(), "g__a__1_5.jar", "g__a__1_0.jar", "g__a__3_0.jar", "g__b__1_0.jar"} {
		touch(t, path, n)
	}
	record(t, d, path, "g__a__0_9.jar", "g:a:0.9")
	before, _ := os.ReadDir(path)
	p, err := d.PrunePlan([]coord.Coordinate{keep})
	if err != nil {
		t.Fatal(err)
	}
	want := []Removal{
		{File: "g__a__0_9.jar", Of: coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "0.9"}, Kept: keep},
		{File: "g__a__1_0.jar", Of: coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1.0"}, Kept: keep},
		{File: "g__a__1_5.jar", Of: coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1.5"}, Kept: keep},
	}
	if !slices.Equal(p.Removed, want) || !slices.Equal(p.Newer[keep], []string{"g__a__3_0.jar"}) {
		t.Fatalf("plan %+v", p)
	}
	if after, _ := os.ReadDir(path); len(after) != len(before) {
		t.Fatalf("the plan deleted files: %d before, %d after", len(before), len(after))
	}
	done, err := d.Prune([]coord.Coordinate{keep})
	if err != nil || !slices.Equal(done.Removed, want) {
		t.Fatalf("Prune = %+v, %v", done, err)
	}
	if none, err := d.PrunePlan(nil); err != nil || none.Count() != 0 {
		t.Fatalf("empty keep: %+v, %v", none, err)
	}
}

// A record naming a coordinate whose names are not the file's does not
// make the file that coordinate's.
func TestPruneIgnoresAMisplacedRecord(t *testing.T) {
	d, path := open(t)
	keep := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "2"}
	record(t, d, path, "g__other__1.jar", "g:a:1")
	p, err := d.Prune([]coord.Coordinate{keep})
	if err != nil || p.Count() != 0 {
		t.Fatalf("%+v, %v", p, err)
	}
}

func TestAdoptLegacy(t *testing.T) {
	d, path := open(t)
	c := coord.Coordinate{GroupID: "g_a", ArtifactID: "b", Version: "1.0"}
	legacy, file := c.LegacyFileName(), c.FileName()
	// Without a record, or with another coordinate's, the legacy name may
	// be someone else's JAR: left alone.
	touch(t, path, legacy)
	if moved, err := d.AdoptLegacy(legacy, file, c.String()); moved || err != nil {
		t.Fatalf("unrecorded: %v, %v", moved, err)
	}
	record(t, d, path, legacy, "g.a:b:1.0")
	if moved, err := d.AdoptLegacy(legacy, file, c.String()); moved || err != nil {
		t.Fatalf("another's: %v, %v", moved, err)
	}
	// Recorded as c's: moved with its record, still verified.
	rec, err := d.Record(legacy, Record{Coordinate: c.String(), Algorithm: checksum.SHA512, Digest: digest([]byte(legacy)), Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	if moved, err := d.AdoptLegacy(legacy, file, c.String()); !moved || err != nil {
		t.Fatalf("recorded: %v, %v", moved, err)
	}
	if got, ok := d.Verified(file, c.String()); !ok || got != rec {
		t.Fatalf("after the move: %+v, %v", got, ok)
	}
	if _, err := os.Stat(filepath.Join(path, legacy)); !os.IsNotExist(err) {
		t.Fatalf("legacy name left: %v", err)
	}
	// Never over an existing file.
	record(t, d, path, legacy, c.String())
	if moved, err := d.AdoptLegacy(legacy, file, c.String()); moved || err != nil {
		t.Fatalf("over an existing file: %v, %v", moved, err)
	}
}

// Issue 20 #26: a record is read only when it is a small regular file.
func TestRecordReadIsBounded(t *testing.T) {
	d, path := open(t)
	const file = "g__a__1.jar"
	touch(t, path, file)
	if _, err := d.Record(file, Record{Coordinate: "g:a:1", Algorithm: checksum.SHA512, Digest: digest(nil)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Recorded(file, "g:a:1"); !ok {
		t.Fatal("a valid record is not read")
	}
	huge := filepath.Join(path, RecordName(file))
	if err := os.Truncate(huge, 1<<40); err != nil {
		t.Skipf("no sparse file: %v", err)
	}
	if _, ok := d.Recorded(file, "g:a:1"); ok {
		t.Fatal("a 1 TiB record is read")
	}
	if _, err := d.readSmall(RecordName(file), maxRecord); err == nil || !strings.Contains(err.Error(), "larger than 4096 bytes") {
		t.Fatalf("readSmall: %v", err)
	}
}
