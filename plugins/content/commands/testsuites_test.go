package commands_test

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const greetFlow = `id: greet
namespace: qa.team
inputs:
  - id: name
    type: STRING
tasks:
  - id: greeting
    type: io.kestra.plugin.core.debug.Return
    format: "Helo {{ inputs.name }}"
`

const greetSuite = `id: greet_suite
namespace: qa.team
description: the greeting uses the name
flowId: greet
testCases:
  - id: greets_by_name
    type: io.kestra.core.tests.flow.UnitTest
    fixtures:
      inputs:
        name: Kestra
    assertions:
      - value: "{{ outputs.greeting.value }}"
        equalTo: "Hello Kestra"
        description: greeting text
  - id: ends_well
    type: io.kestra.core.tests.flow.UnitTest
    fixtures:
      inputs:
        name: World
    assertions:
      - value: "{{ execution.state }}"
        equalTo: SUCCESS
`

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, path string) junitDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit: %v\n%s", err, b)
	}
	return doc
}

// TestTestSuiteGate: a suite with a failing assertion exits 8, prints the
// failure, writes it to the JUnit file; once the flow is fixed it passes.
func TestTestSuiteGate(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deployFlow(t, url, greetFlow)
	dir := write(t, map[string]string{"tests/greet.yaml": greetSuite})
	rep := run(t, opts(url), "test-suites", "deploy", filepath.Join(dir, "tests")).Report(t)
	if rep.Summary["created"] != 1 {
		t.Fatalf("deploy: %+v", rep)
	}

	junit := filepath.Join(dir, "report.xml")
	o := tableOpts(url)
	r := plugintest.Run(t, contentPlugin(), o, "test-suites", "run", "qa.team", "greet_suite", "--junit", junit)
	if r.Code() != cmderr.RemoteFailed {
		t.Fatalf("code %v (%v)", r.Code(), r.Err)
	}
	var failed, passed int
	for _, rec := range r.Records {
		switch rec["result"] {
		case "failed":
			failed++
			if rec["testCase"] != "greets_by_name" || !strings.Contains(rec["assertion"].(string), "greeting text: expected") ||
				!strings.Contains(rec["assertion"].(string), "but was 'Helo Kestra'") {
				t.Errorf("failed row %v", rec)
			}
		case "passed":
			passed++
		}
	}
	if failed != 1 || passed != 1 || r.Footer != "Test suite qa.team/greet_suite: FAILED (2 test cases: 1 passed, 1 failed)" {
		t.Fatalf("rows %v footer %q", r.Records, r.Footer)
	}
	doc := readJUnit(t, junit)
	if doc.Tests != 2 || doc.Failures != 1 || doc.Suites[0].Cases[0].Failure == nil ||
		!strings.Contains(doc.Suites[0].Cases[0].Failure.Message, "to equal 'Hello Kestra' but was 'Helo Kestra'") {
		t.Fatalf("junit %+v", doc)
	}

	deployFlow(t, url, strings.Replace(greetFlow, "Helo", "Hello", 1))
	r = run(t, opts(url), "test-suites", "run", "qa.team", "greet_suite", "--junit", junit)
	if res := r.Object(t); res["state"] != "SUCCESS" {
		t.Fatalf("after the fix: %v", res)
	}
	if doc := readJUnit(t, junit); doc.Failures != 0 || doc.Tests != 2 {
		t.Fatalf("junit after the fix %+v", doc)
	}
	// Only one test case.
	r = run(t, opts(url), "test-suites", "run", "qa.team", "greet_suite", "--test-case", "ends_well")
	if res := r.Object(t); len(res["results"].([]any)) != 1 {
		t.Fatalf("one case: %v", res)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "test-suites", "run", "qa.team", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown suite: %v", r.Err)
	}
}

// TestCompletion: namespaces, test suite ids of the namespace typed before,
// app uids and dashboard ids come from the server.
func TestCompletion(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deployFlow(t, url, greetFlow)
	dir := write(t, map[string]string{"s.yaml": greetSuite})
	run(t, opts(url), "test-suites", "create", "-f", filepath.Join(dir, "s.yaml"))
	got, err := plugintest.Complete(t, contentPlugin(), opts(url), "testsuite", "gr", "test-suites", "get", "qa.team")
	if err != nil || len(got) != 1 || got[0] != "greet_suite" {
		t.Fatalf("test suites: %v %v", got, err)
	}
	got, err = plugintest.Complete(t, contentPlugin(), opts(url), "namespace", "qa", "test-suites", "list")
	if err != nil || len(got) == 0 || got[0] != "qa" && got[0] != "qa.team" {
		t.Fatalf("namespaces: %v %v", got, err)
	}
	if got, err := plugintest.Complete(t, contentPlugin(), opts(url), "flow", "", "test-suites", "run-by-query", "-n", "qa.team", "--flow"); err != nil || len(got) != 1 || got[0] != "greet" {
		t.Fatalf("flows: %v %v", got, err)
	}
}
