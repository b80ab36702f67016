package api

import "testing"

func TestLogSelectionParameters(t *testing.T) {
	zero := 0
	for _, tc := range []struct {
		sel             LogSelection
		filters, params string
	}{
		{LogSelection{}, "", ""},
		{LogSelection{MinLevel: "WARN"}, "filters%5Blevel%5D%5BGREATER_THAN_OR_EQUAL_TO%5D=WARN", "minLevel=WARN"},
		{LogSelection{TaskID: "t", TaskRunID: "r", Attempt: &zero},
			"filters%5BattemptNumber%5D%5BEQUALS%5D=0&filters%5BtaskId%5D%5BEQUALS%5D=t&filters%5BtaskRunId%5D%5BEQUALS%5D=r",
			"attempt=0&taskId=t&taskRunId=r"},
	} {
		if got := tc.sel.filters().Encode(); got != tc.filters {
			t.Errorf("%+v filters = %s, want %s", tc.sel, got, tc.filters)
		}
		if got := tc.sel.params().Encode(); got != tc.params {
			t.Errorf("%+v params = %s, want %s", tc.sel, got, tc.params)
		}
	}
}
