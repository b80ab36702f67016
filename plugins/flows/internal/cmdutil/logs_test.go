package cmdutil

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/api"
)

func TestLogFilterSelection(t *testing.T) {
	one, neg := 1, -1
	for _, tc := range []struct {
		in      LogFilter
		want    api.LogSelection
		wantErr string
	}{
		{LogFilter{}, api.LogSelection{}, ""},
		{LogFilter{MinLevel: "warn", TaskID: "t", TaskRunID: "r", Attempt: &one}, api.LogSelection{MinLevel: "WARN", TaskID: "t", TaskRunID: "r", Attempt: &one}, ""},
		{LogFilter{MinLevel: "LOUD"}, api.LogSelection{}, `unknown level "LOUD"`},
		{LogFilter{Attempt: &neg}, api.LogSelection{}, "--attempt must be 0 or more"},
	} {
		got, err := tc.in.Selection()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%+v: error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.MinLevel != tc.want.MinLevel || got.TaskID != tc.want.TaskID || got.TaskRunID != tc.want.TaskRunID || got.Attempt != tc.want.Attempt {
			t.Errorf("%+v: %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}
