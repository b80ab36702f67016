package validate

import (
	"fmt"
	"strings"
)

// Sort checks --sort values (each "field" or "field:asc|desc", several may
// be comma-separated) and returns them normalised ("name:asc"), in order, to
// be sent comma-joined as Kestra's sort parameter.
func Sort(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			field, dir, hasDir := strings.Cut(part, ":")
			if !validField(field) {
				return nil, fmt.Errorf("invalid --sort %q: expected FIELD or FIELD:asc|desc, e.g. name:asc", part)
			}
			dir = strings.ToLower(strings.TrimSpace(dir))
			switch {
			case !hasDir:
				dir = "asc"
			case dir != "asc" && dir != "desc":
				return nil, fmt.Errorf("invalid --sort %q: the direction must be asc or desc", part)
			}
			out = append(out, field+":"+dir)
		}
	}
	return out, nil
}

func validField(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
