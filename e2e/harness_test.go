package e2e

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// binDir holds the real binaries under test: kestractl, its plugins and
// kestrasim, as `make build` puts them in ./bin. testDir holds test-only
// plugins (kestractl-testing). sims is the kestrasim process every test
// gets its simulator instances from. TestMain sets them before any test
// runs; they do not change afterwards.
var (
	binDir, testDir string
	sims            *simDaemon
)

// defaultParallel is how many tests and scripts run at once unless
// -test.parallel says otherwise. They mostly wait on processes and the
// network, so more than GOMAXPROCS (go test's default) keeps the CPUs busy.
const defaultParallel = 8

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		if err := flag.Set("test.parallel", strconv.Itoa(defaultParallel)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	root, err := filepath.Abs("..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	binDir = os.Getenv("KESTRACTL_BIN_DIR")
	tmp, err := os.MkdirTemp("", "kestractl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if binDir == "" {
		// Not run through `make test`: build everything here.
		binDir = filepath.Join(tmp, "bin")
		cmd := exec.Command("make", "-C", root, "build", "BIN="+binDir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build binaries:", err)
			return 1
		}
	}
	testDir = filepath.Join(tmp, "testplugins")
	cmd := exec.Command("go", "build", "-o", filepath.Join(testDir, "kestractl-testing"), "./testplugin")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build test plugin:", err)
		return 1
	}
	sims = newSimDaemon(filepath.Join(binDir, "kestrasim"), tmp)
	code := m.Run()
	n, err := sims.stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: the shared kestrasim:", err)
		code = 1
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "e2e: %d kestrasim instance(s) served by one shared process\n", n)
	}
	return code
}

// scriptEnv isolates a script: its own HOME, XDG dirs and config, no
// KESTRACTL_* from the outside, the binaries first on PATH.
func scriptEnv(env *testscript.Env) error {
	work := env.WorkDir
	var vars []string
	for _, kv := range env.Vars {
		if strings.HasPrefix(kv, "KESTRACTL_") || strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "HOME=") {
			continue
		}
		vars = append(vars, kv)
	}
	env.Vars = vars
	env.Setenv("PATH", binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	env.Setenv("HOME", filepath.Join(work, "home"))
	env.Setenv("XDG_CACHE_HOME", filepath.Join(work, "cache"))
	env.Setenv("XDG_DATA_HOME", filepath.Join(work, "data"))
	env.Setenv("BIN", binDir)
	env.Setenv("TESTPLUGINS", testDir)
	if root, err := filepath.Abs(".."); err == nil {
		env.Setenv("REPO", root)
	}
	env.Setenv("NO_COLOR", "1")
	return os.MkdirAll(filepath.Join(work, "home"), 0o755)
}

func params(dir string) testscript.Params {
	p := testscript.Params{
		Dir:                 dir,
		Setup:               scriptEnv,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":  cmdExitcode,
			"kestrasim": cmdKestrasim,
			"jsonvalid": cmdJSONValid,
			"jsonfield": cmdJSONField,
			"jsonenv":   cmdJSONEnv,
			"mode":      cmdMode,
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
	}
	// The scripts that must run alone run in TestAloneScripts.
	if scripts, alone := splitAlone(dir); len(alone) > 0 {
		p.Dir, p.Files = "", scripts
	}
	return p
}

// aloneMarker, on a line of a script's comment (before its first file),
// says that the script holds a command to a real-time bound (a deadline
// measured on the wall clock, as a shell completion's) and why: it runs in
// TestAloneScripts, one script at a time before the parallel tests start,
// not among them, where a loaded machine could make it miss the bound.
const aloneMarker = "# alone: "

// splitAlone lists the scripts of dir that may run in parallel and those
// that must run alone.
func splitAlone(dir string) (parallel, alone []string) {
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	txt, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range append(scripts, txt...) {
		if mustRunAlone(f) {
			alone = append(alone, f)
		} else {
			parallel = append(parallel, f)
		}
	}
	return parallel, alone
}

func mustRunAlone(script string) bool {
	a, err := txtar.ParseFile(script)
	if err != nil {
		return false // testscript reports it
	}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if strings.HasPrefix(line, aloneMarker) {
			return true
		}
	}
	return false
}

func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, params("testdata/script"))
}

// TestAloneScripts runs the scripts marked "# alone: why" one after the
// other. It is not parallel: it ends before the parallel tests start.
func TestAloneScripts(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	for _, dir := range dirs {
		_, alone := splitAlone(dir)
		for _, script := range alone {
			t.Run(strings.TrimSuffix(filepath.Base(script), ".txtar"), func(t *testing.T) {
				p := params(dir)
				p.Dir, p.Files = "", []string{script}
				testscript.Run(t, p)
			})
		}
	}
}

// exitcode N prog args... runs prog and checks its exit code is N; stdout
// and stderr are kept for the following stdout/stderr checks.
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Logf("stdout:\n%s", ts.ReadFile("stdout"))
		ts.Logf("stderr:\n%s", ts.ReadFile("stderr"))
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// kestrasim [flags...] starts a simulator with the flags of bin/kestrasim
// and sets KESTRA_URL: an instance of the shared kestrasim process, on a
// free loopback port, exactly as a process of its own with those flags
// would serve. It is stopped when the script ends.
func cmdKestrasim(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! kestrasim")
	}
	id, url, err := sims.create(args)
	if err != nil {
		ts.Fatalf("kestrasim %s: %v", strings.Join(args, " "), err)
	}
	ts.Defer(func() {
		if err := sims.delete(id); err != nil {
			sims.fail(fmt.Sprintf("script %s: %v", ts.Name(), err))
		}
	})
	ts.Setenv("KESTRA_URL", url)
}

// jsonvalid checks that stdout is exactly one JSON document.
func cmdJSONValid(ts *testscript.TestScript, neg bool, args []string) {
	data := ts.ReadFile("stdout")
	dec := json.NewDecoder(strings.NewReader(data))
	var v any
	err := dec.Decode(&v)
	if err == nil {
		if _, err2 := dec.Token(); err2 == nil {
			err = errors.New("more than one JSON document on stdout")
		}
	}
	if neg {
		if err == nil {
			ts.Fatalf("stdout is valid JSON")
		}
		return
	}
	if err != nil {
		ts.Fatalf("stdout is not one JSON document: %v\n%s", err, data)
	}
}

// jsonfield PATH VALUE checks a field of the JSON document on stdout
// (dot-separated path, numeric indexes for arrays).
func cmdJSONField(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: jsonfield path value")
	}
	v := jsonPath(ts, args[0])
	got := fmt.Sprint(v)
	if b, err := json.Marshal(v); err == nil && (strings.HasPrefix(string(b), "[") || strings.HasPrefix(string(b), "{")) {
		got = string(b)
	}
	if (got == args[1]) == neg {
		ts.Fatalf("%s = %s, want %s%s", args[0], got, map[bool]string{true: "not ", false: ""}[neg], args[1])
	}
}

// jsonenv VAR PATH sets VAR to a field of the JSON document on stdout.
func cmdJSONEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: jsonenv VAR path")
	}
	v := jsonPath(ts, args[1])
	if v == nil {
		ts.Fatalf("no field %s in stdout", args[1])
	}
	ts.Setenv(args[0], fmt.Sprint(v))
}

// jsonPath reads a dot-separated path from the JSON document on stdout.
func jsonPath(ts *testscript.TestScript, path string) any {
	var v any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &v); err != nil {
		ts.Fatalf("stdout is not JSON: %v", err)
	}
	for _, key := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			v = t[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i >= len(t) {
				ts.Fatalf("no index %s", key)
			}
			v = t[i]
		default:
			v = nil
		}
	}
	return v
}

// mode PERM FILE checks a file's permission bits (octal).
func cmdMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mode 0600 file")
	}
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(ts.MkAbs(args[1]))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	want, _ := strconv.ParseUint(args[0], 8, 32)
	if (uint64(st.Mode().Perm()) == want) == neg {
		ts.Fatalf("%s has mode %04o", args[1], st.Mode().Perm())
	}
}

func asExit(err error, target **exec.ExitError) bool { return errors.As(err, target) }
