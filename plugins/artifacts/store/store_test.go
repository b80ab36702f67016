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
	removed := p.Removed[kafka]
	slices.Sort(removed)
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
	if err != nil || p.Count() != 1 || p.Removed[a2][0] != "g__a__1_5_0.jar" {
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
