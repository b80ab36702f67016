package executions

import (
	"errors"
	"os"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// InputFlag is --input KEY=VALUE of the commands that send inputs (run,
// resume, replay-with-inputs).
type InputFlag struct {
	Input []string `short:"i" placeholder:"KEY=VALUE" sep:"none" help:"Input value (repeatable); KEY=@PATH uploads a file, KEY=@@text passes a value starting with @."`
}

// parseInputs reads KEY=VALUE inputs: KEY=@PATH is a file to upload
// (checked here, streamed later), KEY=@@text a value starting with @.
func parseInputs(c *plugin.Context, values []string) (inputs, files [][2]string, err error) {
	for _, in := range values {
		k, v, ok := strings.Cut(in, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, nil, cmderr.Usagef("invalid --input %q: expected KEY=VALUE or KEY=@PATH", in)
		}
		switch {
		case strings.HasPrefix(v, "@@"):
			inputs = append(inputs, [2]string{k, v[1:]})
		case strings.HasPrefix(v, "@"):
			path := v[1:]
			st, err := os.Stat(c.Path(path))
			if err != nil {
				return nil, nil, cmderr.Usagef("--input %s: cannot read file %q: %v", k, path, unwrapPathError(err))
			}
			if st.IsDir() {
				return nil, nil, cmderr.Usagef("--input %s: %q is a directory, not a file", k, path)
			}
			files = append(files, [2]string{k, c.Path(path)})
		default:
			inputs = append(inputs, [2]string{k, v})
		}
	}
	return inputs, files, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
