package rest

import (
	"encoding/json"
	"testing"
)

func TestValidation(t *testing.T) {
	v := NewValidation(2)
	v.Constraints = Constraints([]Violation{{Path: "id", Message: "must not be null"}, {Message: "Unable to parse flow"}})
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"index":2,"constraints":"id: must not be null\nUnable to parse flow","outdated":false,"deprecationPaths":[],"warnings":[],"infos":[]}`
	if string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
	if Constraints(nil) != "" {
		t.Error("constraints without violations")
	}
}
