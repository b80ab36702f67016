package e2e

import (
	"encoding/xml"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestContentScripts runs the content plugin's scripts (test suites, apps,
// dashboards, blueprints, assets, reusable inputs) against kestrasim.
func TestContentScripts(t *testing.T) {
	p := params("testdata/content")
	p.Cmds["junit"] = cmdJUnit
	testscript.Run(t, p)
}

// junitReport is what cmdJUnit reads of a JUnit XML file.
type junitReport struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// junit FILE TESTS FAILURES [CASE MESSAGE] parses a JUnit XML report and
// checks its totals and, when given, that test case CASE failed with a
// message containing MESSAGE.
func cmdJUnit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || (len(args) != 3 && len(args) != 5) {
		ts.Fatalf("usage: junit FILE TESTS FAILURES [CASE MESSAGE]")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	var r junitReport
	if err := xml.Unmarshal(b, &r); err != nil {
		ts.Fatalf("%s is not JUnit XML: %v\n%s", args[0], err, b)
	}
	tests, _ := strconv.Atoi(args[1])
	failures, _ := strconv.Atoi(args[2])
	if r.Tests != tests || r.Failures != failures {
		ts.Fatalf("%s: %d tests, %d failures; want %d, %d\n%s", args[0], r.Tests, r.Failures, tests, failures, b)
	}
	if len(args) == 3 {
		return
	}
	for _, s := range r.Suites {
		for _, c := range s.Cases {
			if c.Name == args[3] {
				if c.Failure == nil || !strings.Contains(c.Failure.Message, args[4]) {
					ts.Fatalf("test case %s: failure %+v, want a message containing %q", c.Name, c.Failure, args[4])
				}
				return
			}
		}
	}
	ts.Fatalf("no test case %s in %s", args[3], args[0])
}
