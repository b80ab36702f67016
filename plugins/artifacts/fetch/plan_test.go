package fetch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
)

func TestPlanChangesNothingAndAgreesWithARun(t *testing.T) {
	e := newEnv(t)
	aws := coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: "plugin-aws", Version: "2.0.6"}
	git := coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: "plugin-git", Version: "2.0.3"}
	acme := coord.Coordinate{GroupID: "io.acme_labs", ArtifactID: "plugin-x", Version: "1.0"}
	for _, c := range []coord.Coordinate{kafka, aws, git, acme} {
		e.repo.add(c, 2000)
	}
	e.one(Options{}, kafka) // in place, recorded
	if err := os.WriteFile(filepath.Join(e.path, aws.FileName()), []byte("unrecorded"), 0o644); err != nil {
		t.Fatal(err)
	}
	// acme's JAR under its legacy name, recorded as acme's: a run renames it.
	legacy := acme.LegacyFileName()
	if err := os.WriteFile(filepath.Join(e.path, legacy), []byte("legacy"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dir.Record(legacy, store.Record{Coordinate: acme.String(), Algorithm: checksum.SHA256, Digest: strings.Repeat("ab", 32), Verified: true}); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("catalog entry is not valid")
	jobs := []Job{{Coordinate: kafka}, {Coordinate: aws}, {Coordinate: git}, {Coordinate: acme}, {Coordinate: coord.Coordinate{GroupID: "g", ArtifactID: "a"}, Err: bad}}
	before := e.files()
	results, adopted := Plan(e.dir, jobs, Options{})
	if after := e.files(); after != before {
		t.Fatalf("the plan changed the directory:\n%s\n%s", before, after)
	}
	want := []Status{UpToDate, WouldVerify, WouldDownload, UpToDate, Failed}
	for i, r := range results {
		if r.Index != i || r.Status != want[i] {
			t.Fatalf("result %d: %+v, want %s", i, r, want[i])
		}
	}
	if !errors.Is(results[4].Err, bad) || !adopted[legacy] || len(adopted) != 1 || !strings.Contains(results[3].Note, "renames to "+acme.FileName()) {
		t.Fatalf("failed %v, adopted %v, note %q", results[4].Err, adopted, results[3].Note)
	}
	if keep := Keep(results); len(keep) != 4 || keep[3] != acme {
		t.Fatalf("keep %v", keep)
	}
	// A run does what the plan said (the unrecorded JAR is verified by
	// hashing, found wrong and downloaded again).
	run, _ := e.run(context.Background(), Options{}, kafka, aws, git, acme)
	for i, r := range run {
		switch results[i].Status {
		case UpToDate:
			if r.Status != UpToDate {
				t.Fatalf("%s: planned up-to-date, ran %s", r.Coordinate, r.Status)
			}
		case WouldDownload, WouldVerify:
			if r.Status != Downloaded && r.Status != UpToDate {
				t.Fatalf("%s: planned %s, ran %s", r.Coordinate, results[i].Status, r.Status)
			}
		}
	}

	// --force-redownload and --verify, and a directory that does not exist.
	for _, tc := range []struct {
		dir  *store.Dir
		opts Options
		want Status
	}{{e.dir, Options{Force: true}, WouldDownload}, {e.dir, Options{Verify: true}, WouldVerify}, {nil, Options{}, WouldDownload}} {
		results, _ := Plan(tc.dir, []Job{{Coordinate: kafka}}, tc.opts)
		if results[0].Status != tc.want {
			t.Fatalf("%+v: %s, want %s", tc.opts, results[0].Status, tc.want)
		}
	}
}

// An unverified record does not vouch for a JAR under --require-checksums.
func TestPlanRequireChecksums(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(filepath.Join(e.path, kafka.FileName()), []byte("jar"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dir.Record(kafka.FileName(), store.Record{Coordinate: kafka.String(), Algorithm: checksum.SHA256, Digest: strings.Repeat("cd", 32)}); err != nil {
		t.Fatal(err)
	}
	if r, _ := Plan(e.dir, []Job{{Coordinate: kafka}}, Options{}); r[0].Status != UpToDate {
		t.Fatalf("plain: %s", r[0].Status)
	}
	if r, _ := Plan(e.dir, []Job{{Coordinate: kafka}}, Options{RequireChecksums: true}); r[0].Status != WouldVerify {
		t.Fatalf("--require-checksums: %s", r[0].Status)
	}
}
