package executions

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const testRunFlow = `id: tested
namespace: ns
inputs:
  - id: data
    type: FILE
  - id: count
    type: INT
    defaults: 1
tasks:
  - id: mocked
    type: io.kestra.plugin.core.log.Log
    message: "must not run"
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.mocked.value }}"
errors:
  - id: onError
    type: io.kestra.plugin.core.log.Log
    message: failed
`

func testRunStore(t *testing.T) (*Store, *flows.Revision) {
	return storeWith(t, testRunFlow)
}

// TestStartTestFixtures runs a flow as a test suite does: the mocked task
// never runs and its task run takes the fixture's state and outputs.
func TestStartTestFixtures(t *testing.T) {
	cases := []struct {
		fixtureState string
		taskRun      string // state of the mocked task run
		execution    string
		after        bool // whether the task after it ran
		logged       string
	}{
		{"", Success, Success, true, ""},
		{"SUCCESS", Success, Success, true, ""},
		{"WARNING", Warning, Warning, true, ""},
		{"SKIPPED", Skipped, Success, true, ""},
		{"FAILED", Failed, Failed, false, ""},
		{"KILLED", Killed, Failed, false, ""},
		{"CANCELLED", Cancelled, Cancelled, false, ""},
		{"RUNNING", Failed, Failed, false, "ends a mocked task only in a terminal state"},
	}
	for _, c := range cases {
		t.Run("fixture "+c.fixtureState, func(t *testing.T) {
			s, rev := testRunStore(t)
			e, err := s.StartTest(TestRun{
				Tenant: "main", Flow: rev,
				Inputs: map[string]any{"data": "a,b\n1,2\n", "count": int64(3)},
				Files:  map[string]string{"extra.txt": "extra content"},
				Fixtures: []TaskFixture{{TaskID: "mocked", State: c.fixtureState,
					Outputs: map[string]any{"value": "{{ inputs.count }}:{{ files['extra.txt'] }}"}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			snap := e.Wait(ctx)
			if snap.Kind != KindTest || snap.State.Current != c.execution {
				t.Fatalf("kind %q state %s, want TEST %s", snap.Kind, snap.State.Current, c.execution)
			}
			runs := map[string]taskRunJSON{}
			for _, tr := range snap.TaskRunList {
				runs[tr.TaskID] = tr
			}
			mocked := runs["mocked"]
			if mocked.State.Current != c.taskRun || len(mocked.Attempts) != 0 {
				t.Errorf("mocked task run %s with %d attempts, want %s and none", mocked.State.Current, len(mocked.Attempts), c.taskRun)
			}
			wantValue := "3:" + storagePrefix("ns", "tested", e.ID()) + "/files/extra.txt"
			if mocked.Outputs["value"] != wantValue {
				t.Errorf("mocked outputs %v, want value %q", mocked.Outputs, wantValue)
			}
			if _, ran := runs["after"]; ran != c.after {
				t.Errorf("task after ran: %v, want %v", ran, c.after)
			} else if ran && runs["after"].Outputs["value"] != wantValue {
				t.Errorf("task after sees %v", runs["after"].Outputs)
			}
			var messages []string
			for _, l := range s.logs.Execution("main", e.ID(), nil) {
				messages = append(messages, l.Message)
			}
			all := strings.Join(messages, "\n")
			if strings.Contains(all, "must not run") {
				t.Errorf("the mocked task ran: %s", all)
			}
			if c.logged != "" && !strings.Contains(all, c.logged) {
				t.Errorf("logs %q lack %q", all, c.logged)
			}
			// the FILE input given as text and the file fixture are
			// stored with the execution
			for uri, content := range map[string]string{
				snap.Inputs["data"].(string):                               "a,b\n1,2\n",
				storagePrefix("ns", "tested", e.ID()) + "/files/extra.txt": "extra content",
			} {
				f, size, err := s.StoredFile("main", uri)
				if err != nil {
					t.Fatalf("StoredFile(%s): %v", uri, err)
				}
				data, _ := io.ReadAll(f)
				f.Close()
				if string(data) != content || size != int64(len(content)) {
					t.Errorf("%s holds %q (%d bytes)", uri, data, size)
				}
			}
		})
	}
}

func TestStartTestRefusals(t *testing.T) {
	s, rev := testRunStore(t)
	_, err := s.StartTest(TestRun{Tenant: "main", Flow: rev, Inputs: map[string]any{"count": "many"}})
	if e := rest.AsError(err); e == nil || e.Status != 422 || !strings.Contains(e.Message, "inputs.data") || !strings.Contains(e.Message, "inputs.count") {
		t.Errorf("invalid inputs: %v", err)
	}
	_, err = s.StartTest(TestRun{Tenant: "main", Flow: rev, Inputs: map[string]any{"data": "x"}, Files: map[string]string{"../up": "x"}})
	if e := rest.AsError(err); e == nil || e.Status != 422 || !strings.Contains(e.Message, "invalid file name '../up'") {
		t.Errorf("bad file name: %v", err)
	}
	if n := len(s.All("main")); n != 0 {
		t.Errorf("%d executions stored by refused test runs", n)
	}
	for _, uri := range []string{"kestra:///ns/tested/executions/nope/files/x", "http://x/y", "kestra:///ns/tested/other"} {
		if _, _, err := s.StoredFile("main", uri); rest.AsError(err) == nil || rest.AsError(err).Status != 404 {
			t.Errorf("StoredFile(%s): %v", uri, err)
		}
	}
}
