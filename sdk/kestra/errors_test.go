package kestra

import (
	"errors"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestNotFoundAs(t *testing.T) {
	err := NotFoundAs(&APIError{Status: 404, Message: "Not Found"}, "flow %q not found", "x")
	if cmderr.CodeOf(err) != cmderr.NotFound || err.Error() != `flow "x" not found` {
		t.Fatalf("404: %v", err)
	}
	other := &APIError{Status: 409}
	if got := NotFoundAs(other, "flow %q not found", "x"); got != other {
		t.Fatalf("409: %v", got)
	}
	plain := errors.New("boom")
	if got := NotFoundAs(plain, "x"); got != plain || NotFoundAs(nil, "x") != nil {
		t.Fatalf("others: %v", got)
	}
}

func TestWriteErrorCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want cmderr.Code
	}{
		{&APIError{Status: 400}, cmderr.Generic},
		{&APIError{Status: 422}, cmderr.Generic},
		{&APIError{Status: 409}, cmderr.Conflict},
		{&APIError{Status: 403}, cmderr.PermissionDenied},
		{cmderr.New(cmderr.Timeout, "slow"), cmderr.Timeout},
	} {
		if got := WriteErrorCode(tc.err); got != tc.want {
			t.Errorf("WriteErrorCode(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
