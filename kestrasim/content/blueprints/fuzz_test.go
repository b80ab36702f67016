package blueprints

import "testing"

func FuzzGenerate(f *testing.F) {
	f.Add(templated)
	f.Add("id: << arg.x >>\nextend:\n  templateArguments:\n    - {id: x, type: STRING, defaults: a}\n")
	f.Add("<% for a in arg.l %><< a | upper >><% endfor %>")
	f.Add("<% if not (1 == 2) or x %>y<% elseif z %>w<% else %>v<% endif %>")
	f.Fuzz(func(t *testing.T, src string) {
		_, _ = Generate(src, map[string]any{"flow_id": "f", "regions": []any{"eu"}, "x": "1"})
		_ = includedTasks(src)
	})
}
