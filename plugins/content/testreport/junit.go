package testreport

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
)

// JUnit XML, as GitLab, GitHub (test reporters) and Jenkins read it:
// <testsuites> holding one <testsuite> per test suite run, one <testcase>
// per test case with a <failure> (an assertion failed: its message), an
// <error> (an assertion could not be evaluated) or <skipped/>.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	ID         string          `xml:"id,attr,omitempty"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *struct{}     `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the JUnit XML of test suite run results.
func WriteJUnit(w io.Writer, results []*api.RunResult) error {
	doc := junitSuites{Name: "kestra test suites"}
	var total float64
	for _, r := range results {
		s := suite(r)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		total += seconds(r)
		doc.Suites = append(doc.Suites, s)
	}
	doc.Time = fmt.Sprintf("%.3f", total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(r *api.RunResult) float64 {
	if r.StartDate.IsZero() || r.EndDate.Before(r.StartDate) {
		return 0
	}
	return r.EndDate.Sub(r.StartDate).Seconds()
}

func suite(r *api.RunResult) junitSuite {
	class := r.Namespace + "." + r.TestSuiteID
	s := junitSuite{Name: class, ID: r.ID, Time: fmt.Sprintf("%.3f", seconds(r)),
		Properties: []junitProperty{{"namespace", r.Namespace}, {"testSuiteId", r.TestSuiteID}, {"flowId", r.FlowID}, {"state", r.State}}}
	if !r.StartDate.IsZero() {
		s.Timestamp = r.StartDate.UTC().Format("2006-01-02T15:04:05")
	}
	for _, c := range r.Results {
		jc := junitCase{Name: c.TestID, Classname: class}
		var out []string
		if c.ExecutionID != "" {
			out = append(out, "execution: "+c.ExecutionID)
		}
		if c.URL != "" {
			out = append(out, "url: "+c.URL)
		}
		var failed []string
		for _, a := range c.AssertionResults {
			mark := "passed"
			if !a.IsSuccess {
				mark = "FAILED"
				failed = append(failed, Assertion(a))
			}
			out = append(out, mark+": "+Assertion(a))
		}
		switch c.State {
		case StateFailed:
			s.Failures++
			msg := "test case failed"
			if len(failed) > 0 {
				msg = failed[0]
			}
			jc.Failure = &junitProblem{Message: msg, Type: "AssertionError", Text: strings.Join(failed, "\n")}
		case StateError:
			s.Errors++
			var msgs []string
			for _, e := range c.Errors {
				m := e.Message
				if e.Details != "" {
					m += ": " + e.Details
				}
				msgs = append(msgs, m)
			}
			msg := "test case could not be evaluated"
			if len(msgs) > 0 {
				msg = msgs[0]
			}
			jc.Error = &junitProblem{Message: msg, Type: "TestError", Text: strings.Join(append(msgs, failed...), "\n")}
		case StateSkipped:
			s.Skipped++
			jc.Skipped = &struct{}{}
		}
		if len(out) > 0 {
			jc.SystemOut = strings.Join(out, "\n")
		}
		s.Tests++
		s.Cases = append(s.Cases, jc)
	}
	return s
}
