package commands

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// fixture is a JAR of kestrasim's io.kestrasim.checksums group, whose
// artifactId says which checksum files it publishes.
func fixture(artifact string) string { return "io.kestrasim.checksums:" + artifact + ":1.0.0" }

// Every branch of the checksum policy, as -o json and --verbose say it.
func TestChecksumPolicyInJSONAndVerbose(t *testing.T) {
	e := newEnv(t)
	opts := e.opts()
	opts.Format, opts.Verbose = "json", true
	artifacts := []string{"sha256", "sha512", "sha1", "md5", "none", "malformed-sha256", "oversized-sha256", "forbidden-sha256", "cut-sha256"}
	var coords []string
	for _, a := range artifacts {
		coords = append(coords, fixture(a))
	}
	r := e.run(opts, "plugins", "download", "--plugins", strings.Join(coords, " "), "--concurrency", "4")
	if r.Err == nil || r.Err.Error() != "4 plugin(s) failed to download" {
		t.Fatalf("error %v", r.Err)
	}
	want := map[string]struct {
		status    string
		algorithm string // "": no checksum object
		verified  bool
		err       string
	}{
		"sha256":           {"downloaded", "sha256", true, ""},
		"sha512":           {"downloaded", "sha512", true, ""},
		"sha1":             {"downloaded", "sha1", true, ""},
		"md5":              {"downloaded", "md5", false, ""},
		"none":             {"downloaded", "sha256", false, ""},
		"malformed-sha256": {"failed", "", false, "unusable .sha256 file (no 64-character hex SHA-256 digest in the checksum file)"},
		"oversized-sha256": {"failed", "", false, "unusable .sha256 file (the checksum file is larger than 4096 bytes)"},
		"forbidden-sha256": {"failed", "", false, "the repository refused access (HTTP 403)"},
		// Published but unreadable (issue 20 #32): a failure, not "none".
		"cut-sha256": {"failed", "", false, "the repository publishes a .sha256 file that could not be read (the connection was lost 5 times while reading it"},
	}
	rep := reportOf(t, r)
	if len(rep.Results) != len(artifacts) || rep.Summary["downloaded"] != 5 || rep.Summary["failed"] != 4 {
		t.Fatalf("report %s", r.Objects[0])
	}
	for i, raw := range rep.Results {
		var rec map[string]any
		if err := json.Unmarshal(raw, &rec); err != nil {
			t.Fatal(err)
		}
		w := want[artifacts[i]]
		if rec["status"] != w.status || !strings.Contains(str(rec["error"]), w.err) {
			t.Errorf("%s: %s", artifacts[i], raw)
		}
		sum, ok := rec["checksum"].(map[string]any)
		if w.algorithm == "" {
			if _, present := rec["checksum"]; present {
				t.Errorf("%s: a checksum for a JAR not in place: %s", artifacts[i], raw)
			}
			continue
		}
		if !ok || sum["algorithm"] != w.algorithm || sum["verified"] != w.verified || len(str(sum["digest"])) == 0 {
			t.Errorf("%s: checksum %v", artifacts[i], rec["checksum"])
		}
	}
	msgs := r.MessageText()
	for _, line := range []string{
		fixture("sha256") + ": verified with the published SHA-256 checksum ",
		fixture("sha512") + ": verified with the published SHA-512 checksum ",
		fixture("sha1") + ": verified with the published SHA-1 checksum ",
		fixture("md5") + ": not verified: it matches the published MD5 checksum ",
		fixture("none") + ": not verified: no checksum is published (its SHA-256 is ",
	} {
		if !strings.Contains(msgs, line) {
			t.Errorf("no %q in:\n%s", line, msgs)
		}
	}
	if got := e.jars("plugins"); !slices.Equal(got, []string{
		"io_kestrasim_checksums__md5__1_0_0.jar", "io_kestrasim_checksums__none__1_0_0.jar", "io_kestrasim_checksums__sha1__1_0_0.jar",
		"io_kestrasim_checksums__sha256__1_0_0.jar", "io_kestrasim_checksums__sha512__1_0_0.jar",
	}) {
		t.Fatalf("jars %v", got)
	}

	// A rerun trusts the records; -v says so.
	r = e.run(opts, "plugins", "download", "--plugins", strings.Join(coords[:5], " "))
	if r.Err != nil || !strings.Contains(r.MessageText(), fixture("sha512")+": same size and modification time as recorded, not re-read (--verify re-hashes); verified with the published SHA-512 checksum") {
		t.Fatalf("%v\n%s", r.Err, r.MessageText())
	}
}

// --require-checksums refuses what cannot be verified: no checksum, or
// only MD5.
func TestRequireChecksumsRefusesMD5(t *testing.T) {
	e := newEnv(t)
	r := e.fail(cmderr.Generic, "2 plugin(s) failed", "plugins", "download", "--require-checksums", "--plugins", fixture("md5")+" "+fixture("none")+" "+fixture("sha1"))
	details := strings.Join(r.Err.Details, "\n")
	if !strings.Contains(details, "only an MD5 checksum is published for "+fixture("md5")+", and MD5 does not count as verification") ||
		!strings.Contains(details, "no checksum published for "+fixture("none")) {
		t.Fatalf("details:\n%s", details)
	}
	if got := e.jars("plugins"); len(got) != 1 {
		t.Fatalf("jars %v", got)
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
