package compare

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// CheckCount runs a listing once and fails unless it prints a JSON array of
// exactly want items, so that a comparison never times a listing that
// fetched less than its baseline (a default limit, a lost page).
func CheckCount(cmd *exec.Cmd, want int) error {
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil {
		return fmt.Errorf("%s: not a JSON array: %w", strings.Join(cmd.Args, " "), err)
	}
	if len(got) != want {
		return fmt.Errorf("%s printed %d items, want %d", strings.Join(cmd.Args, " "), len(got), want)
	}
	return nil
}
