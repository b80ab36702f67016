package plugin

import (
	"reflect"
	"testing"
)

type gAlpha struct {
	List struct{} `cmd:""`
}

type gBeta struct {
	Get    struct{} `cmd:""`
	Delete struct{} `cmd:"" aliases:"rm"`
	Force  bool     `help:"A group flag."`
}

type gHookedGroup struct {
	Get    struct{} `cmd:""`
	Delete struct{} `cmd:""`
}

func (gHookedGroup) BeforeApply() error { return nil }

type gRootHookedGroup struct {
	Alpha gAlpha       `cmd:""`
	Beta  gHookedGroup `cmd:""`
}

type gRoot struct {
	Alpha          gAlpha `cmd:"" aliases:"a"`
	Beta           gBeta  `cmd:"" name:"b-group"`
	ReusableInputs gAlpha `cmd:""`
	Verbose        bool   `help:"A root flag."`
}

type gHooked struct {
	Alpha gAlpha `cmd:""`
	Beta  gBeta  `cmd:""`
}

func (*gHooked) AfterApply() error { return nil }

type gEmbedded struct {
	gAlpha `cmd:""`
	Beta   gBeta `cmd:""`
}

type gTwice struct {
	Alpha  gAlpha `cmd:""`
	Alpha2 gAlpha `cmd:"" aliases:"alpha"`
}

func TestGroupGrammar(t *testing.T) {
	tests := []struct {
		name string
		root any
		argv []string
		// want are the fields of the grammar built, nil: the root itself.
		want []string
	}{
		{"by the field's name", &gRoot{}, []string{"alpha", "list"}, []string{"Alpha", "Verbose"}},
		{"by an alias", &gRoot{}, []string{"a", "list"}, []string{"Alpha", "Verbose"}},
		{"by the name tag", &gRoot{}, []string{"b-group", "get"}, []string{"Beta", "Verbose"}},
		{"the field's name does not count under a name tag", &gRoot{}, []string{"beta"}, nil},
		{"kong's dashed name", &gRoot{}, []string{"reusable-inputs"}, []string{"ReusableInputs", "Verbose"}},
		{"not in another case", &gRoot{}, []string{"Alpha"}, nil},
		{"no such group", &gRoot{}, []string{"gamma"}, nil},
		{"a flag first", &gRoot{}, []string{"--verbose", "alpha"}, nil},
		{"nothing", &gRoot{}, nil, nil},
		{"a root with hooks", &gHooked{}, []string{"alpha"}, nil},
		{"an embedded struct", &gEmbedded{}, []string{"beta"}, nil},
		{"two fields answer to the word", &gTwice{}, []string{"alpha"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupGrammar(tt.root, tt.argv)
			if tt.want == nil {
				if got != tt.root {
					t.Fatalf("built %T, want the root", got)
				}
				return
			}
			typ := reflect.TypeOf(got).Elem()
			var fields []string
			for i := range typ.NumField() {
				fields = append(fields, typ.Field(i).Name)
			}
			if !reflect.DeepEqual(fields, tt.want) {
				t.Fatalf("fields %v, want %v", fields, tt.want)
			}
		})
	}
}

func TestCommandGrammar(t *testing.T) {
	tests := []struct {
		name string
		root any
		argv []string
		// want are the fields of the group's struct in the grammar built.
		want []string
		// same: the group keeps its own type.
		same bool
	}{
		{"the command and the group's flags", &gRoot{}, []string{"b-group", "get", "x"}, []string{"Get", "Force"}, false},
		{"by an alias", &gRoot{}, []string{"b-group", "rm"}, []string{"Delete", "Force"}, false},
		{"a flag before the command", &gRoot{}, []string{"b-group", "--force", "get"}, nil, true},
		{"no command", &gRoot{}, []string{"b-group"}, nil, true},
		{"a group with hooks stays whole", &gRootHookedGroup{}, []string{"beta", "get"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reflect.TypeOf(groupGrammar(tt.root, tt.argv)).Elem()
			var group reflect.StructField
			for i := range got.NumField() {
				if _, cmd := got.Field(i).Tag.Lookup("cmd"); cmd {
					group = got.Field(i)
				}
			}
			orig, _ := reflect.TypeOf(tt.root).Elem().FieldByName(group.Name)
			if tt.same {
				if group.Type != orig.Type {
					t.Fatalf("the group is %v, want its own type %v", group.Type, orig.Type)
				}
				return
			}
			var fields []string
			for i := range group.Type.NumField() {
				fields = append(fields, group.Type.Field(i).Name)
			}
			if !reflect.DeepEqual(fields, tt.want) {
				t.Fatalf("group fields %v, want %v", fields, tt.want)
			}
		})
	}
}

func TestGroupGrammarKeepsValues(t *testing.T) {
	root := &gRoot{Verbose: true}
	got := reflect.ValueOf(groupGrammar(root, []string{"alpha"})).Elem()
	if !got.FieldByName("Verbose").Bool() {
		t.Fatal("the root's values are not kept")
	}
}

type gExecCLI struct {
	Echo  echoCmd  `cmd:""`
	Hello helloCmd `cmd:""`
}

func TestCheckGroupGrammars(t *testing.T) {
	ok := Plugin{Name: "exec", New: func() any { return &gExecCLI{} }}
	if err := ok.CheckGroupGrammars(); err != nil {
		t.Fatal(err)
	}
	hooked := Plugin{Name: "hooked", New: func() any { return &gHooked{} }}
	if err := hooked.CheckGroupGrammars(); err == nil {
		t.Fatal("a root with hooks passed: its groups cannot have grammars of their own")
	}
}
